from . import hoa_portal_finance
from . import payment_provider
from . import payment_transaction
