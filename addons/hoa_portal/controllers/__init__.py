from . import portal_p2
