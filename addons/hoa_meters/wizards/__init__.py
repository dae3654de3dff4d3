from . import hoa_meter_replace
from . import hoa_meter_round
