from . import test_readings
from . import test_consumption
from . import test_import
from . import test_i18n
from . import test_tour
from . import test_audit_readings
from . import test_reading_window
