from . import hoa_portal_finance
from . import payment_provider
from . import payment_transaction
from . import res_company
from . import res_users
