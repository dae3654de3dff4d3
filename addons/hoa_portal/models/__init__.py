from . import hoa_announcement
from . import hoa_change_request
from . import hoa_document
from . import hoa_ticket
from . import hoa_ticket_stage
from . import res_partner
