from . import test_portal_p2_access
from . import test_portal_p2_models
from . import test_portal_p2_quantity
from . import test_portal_p2_tour
