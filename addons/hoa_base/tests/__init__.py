from . import test_shares
from . import test_ownership
from . import test_validation
from . import test_security
from . import test_import
from . import test_tour
from . import test_i18n
from . import test_backup
