from . import hoa_resolution
from . import hoa_resolution_approval
from . import hoa_resolution_unit
from . import hoa_vote
from . import hoa_vote_proxy
from . import hoa_meeting
from . import hoa_unit_ownership
from . import hoa_unit
