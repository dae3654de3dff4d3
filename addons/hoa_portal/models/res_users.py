from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _hoa_portal_partner_ids(self):
        self.ensure_one()
        return list({self.partner_id.id, self.commercial_partner_id.id})

    def _hoa_portal_ownerships(self):
        """The user's current ownerships (any community), oldest first."""
        self.ensure_one()
        if self._is_public():
            return self.env["hoa.unit.ownership"]
        return (
            self.env["hoa.unit.ownership"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self._hoa_portal_partner_ids()),
                    ("is_current", "=", True),
                ],
                order="date_from, id",
            )
        )

    def _hoa_portal_community(self):
        """The community whose look the portal shows: that of the user's first
        current unit (a user with units in several communities sees the first)."""
        self.ensure_one()
        return self._hoa_portal_ownerships()[:1].company_id

    def _hoa_board_communities(self):
        """Communities where the user is an active board member."""
        self.ensure_one()
        if self._is_public():
            return self.env["res.company"]
        members = (
            self.env["hoa.board.member"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("is_active", "=", True),
                ]
            )
        )
        return members.company_id
