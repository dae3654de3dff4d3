from . import hoa_charge_notice
from . import hoa_interest_note
from . import hoa_cash_receipt
from . import hoa_ledger_report
