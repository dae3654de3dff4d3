from . import portal_units
from . import portal_p3
