from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _dispatch(cls, endpoint):
        # PostgreSQL refuses NUL characters in text: a form posted with one (a broken
        # client, a probe) would end in a server error instead of the form's own
        # message. They mean nothing in a form field: drop them before the controller.
        if endpoint.routing.get("type") == "http" and request.params:
            request.params = {
                key: value.replace("\x00", "") if isinstance(value, str) else value
                for key, value in request.params.items()
            }
        return super()._dispatch(endpoint)
