from . import hoa_change_owner
