from odoo import api, models

# Password rules of the residents' portal (OCA password_security). Its own
# installation turns on a 60-day expiry, a 24-hour wait between changes and a
# 30-password history for every user: that locks pensioners out of the portal and
# blocks a resident who asks for a new invitation. A housing community starts with
# conservative rules instead, changed in Settings > Permissions > Password Policy.
PASSWORD_RULES = {
    "password_security.expiration_days": 0,
    "password_security.minimum_hours": 0,
    "password_security.history": 5,
}
# length and character classes, in a database without demo data only: the demo
# logins of hoa-suite (the password is the login) must stay valid
PASSWORD_COMPLEXITY = {
    "auth_password_policy.minlength": 10,
    "password_security.lower": 1,
    "password_security.upper": 1,
    "password_security.numeric": 1,
    "password_security.special": 0,
}
PASSWORD_RULES_DONE = "hoa_portal.password_rules_initialized"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _hoa_portal_init_password_rules(self):
        """Set the conservative rules once per database, on installation or on the
        update that brings password_security in; never again afterwards, so the
        administrator's own settings are kept."""
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(PASSWORD_RULES_DONE):
            return
        rules = dict(PASSWORD_RULES)
        if not self.env.ref("base.user_demo", raise_if_not_found=False):
            rules.update(PASSWORD_COMPLEXITY)
        for key, value in rules.items():
            params.set_param(key, value)
        params.set_param(PASSWORD_RULES_DONE, "1")

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
