from . import hoa_charge_notice
