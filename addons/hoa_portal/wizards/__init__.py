from . import hoa_portal_invite
