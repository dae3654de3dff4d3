from . import hoa_charge_assign
from . import hoa_charge_notice
