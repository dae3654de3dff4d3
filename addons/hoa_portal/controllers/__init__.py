from . import portal_units
from . import portal_p3
from . import portal_p2
from . import portal_autopay
from . import public
from . import notice
from . import portal_supplier
