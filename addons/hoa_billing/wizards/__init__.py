from . import hoa_charge_assign
from . import hoa_payment_form_wizard
from . import hoa_unit_statement_wizard
from . import hoa_charge_notice
from . import hoa_dunning_wizard
from . import hoa_interest_wizard
from . import hoa_payment_match
from . import hoa_cash_payment
