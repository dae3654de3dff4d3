from . import test_portal_p3_access
from . import test_portal_p3_invite
