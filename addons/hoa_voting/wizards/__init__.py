from . import hoa_vote_record
