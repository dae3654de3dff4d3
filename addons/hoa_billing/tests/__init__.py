from . import test_billing_run
from . import test_billing_fast
from . import test_cost_distribution
from . import test_charge_notice
