from . import hoa_change_owner
from . import hoa_audit_report
