from . import test_voting
from . import test_parallel
from . import test_i18n
from . import test_portal
from . import test_notices
