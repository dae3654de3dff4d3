from . import hoa_charge_assign
