from . import test_portal_units
from . import test_portal_access
from . import test_portal_payment
from . import test_portal_p3_access
from . import test_portal_p3_invite
