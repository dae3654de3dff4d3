from . import test_billing_run
from . import test_billing_fast
from . import test_cost_distribution
from . import test_charge_notice
from . import test_payment_code
from . import test_payment_form
from . import test_statement
from . import test_i18n
