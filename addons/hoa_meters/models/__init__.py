from . import hoa_meter
from . import hoa_meter_norm
from . import hoa_meter_reading
from . import hoa_meter_import
from . import hoa_building
from . import hoa_unit
from . import res_partner
