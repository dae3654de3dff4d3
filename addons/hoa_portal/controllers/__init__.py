from . import portal_p3
