from fractions import Fraction

from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon
from stdnum.ua import edrpou as stdnum_edrpou

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .hoa_fraction import as_fraction

# Length of the domestic account number (BBAN) in an IBAN, by country.
BBAN_LENGTH = {"PL": 24, "UA": 25}


class ResCompany(models.Model):
    _inherit = "res.company"

    is_hoa_community = fields.Boolean(
        string="Housing Community",
        help="This company is a housing community: it has buildings, units and owners.",
    )
    hoa_kind = fields.Selection(
        [
            ("homeowners", "Homeowners' community"),
            ("cooperative", "Housing cooperative"),
            ("osbb", "Condominium association (OSBB)"),
            ("managed", "Managed building"),
        ],
        string="Community Kind",
    )
    hoa_regon = fields.Char(
        string="REGON", help="Polish statistical number (9 or 14 digits)."
    )
    hoa_edrpou = fields.Char(
        string="EDRPOU", help="Ukrainian registry code of a legal entity (8 digits)."
    )
    hoa_office_partner_id = fields.Many2one(
        "res.partner",
        string="Management Office",
        help="The office that manages this community.",
    )
    hoa_books_start_date = fields.Date(
        string="Books Start",
        help="The first day of this community's books in the system.",
    )
    hoa_virtual_account_prefix = fields.Char(
        string="Virtual Account Prefix",
        help="The first digits of the domestic account number the community's bank "
        "assigned "
        "for individual (virtual) accounts: for Poland the 8-digit bank sort code "
        "followed by "
        "the client's prefix, for Ukraine the 6-digit MFO followed by the client's "
        "prefix. "
        "Each unit's number continues it.",
    )
    hoa_building_ids = fields.One2many(
        "hoa.building", "company_id", string="Community Buildings"
    )
    hoa_unit_ids = fields.One2many("hoa.unit", "company_id", string="Community Units")
    hoa_board_member_ids = fields.One2many(
        "hoa.board.member", "company_id", string="Board Members"
    )
    hoa_unit_count = fields.Integer(compute="_compute_hoa_overview", string="Units")
    hoa_building_count = fields.Integer(
        compute="_compute_hoa_overview", string="Buildings"
    )
    hoa_area_total = fields.Float(
        compute="_compute_hoa_overview", string="Total Usable Area (m²)", digits=(16, 2)
    )
    hoa_shares_total = fields.Char(
        compute="_compute_hoa_overview", string="Sum of Shares"
    )
    hoa_shares_difference = fields.Char(
        compute="_compute_hoa_overview", string="Difference from 1"
    )
    hoa_shares_ok = fields.Boolean(
        compute="_compute_hoa_overview", string="Shares Sum to Exactly 1"
    )
    hoa_owner_without_email_count = fields.Integer(
        compute="_compute_hoa_overview", string="Owners Without E-mail"
    )
    hoa_unit_without_payer_count = fields.Integer(
        compute="_compute_hoa_overview", string="Units Without Payer Today"
    )

    @api.depends(
        "hoa_unit_ids.share_numerator",
        "hoa_unit_ids.share_denominator",
        "hoa_unit_ids.area_usable",
        "hoa_unit_ids.active",
    )
    def _compute_hoa_overview(self):
        today = fields.Date.context_today(self)
        for company in self:
            units = company.hoa_unit_ids
            total = company._hoa_share_sum()
            company.hoa_unit_count = len(units)
            company.hoa_building_count = len(company.hoa_building_ids)
            company.hoa_area_total = sum(units.mapped("area_usable"))
            company.hoa_shares_total = f"{total}"
            company.hoa_shares_ok = bool(units) and total == 1
            company.hoa_shares_difference = "%s" % (total - 1)
            owners = units._get_owners(today)
            company.hoa_owner_without_email_count = len(
                owners.filtered(lambda p: not p.email)
            )
            company.hoa_unit_without_payer_count = len(
                units.filtered(lambda u, day=today: not u._get_payer(day))
            )

    def _hoa_share_sum(self, date=None):
        """Exact sum of the shares of the community's units active at ``date``."""
        self.ensure_one()
        units = self.hoa_unit_ids
        if date:
            units = units.filtered(lambda u: u._is_active_on(date))
        return sum(
            (as_fraction(u.share_numerator, u.share_denominator) for u in units),
            Fraction(0),
        )

    @api.constrains("vat", "hoa_regon", "hoa_edrpou", "is_hoa_community", "country_id")
    def _check_hoa_registry_numbers(self):
        for company in self.filtered("is_hoa_community"):
            country = company.country_id.code
            if company.vat and country == "PL":
                number = company.vat.upper().removeprefix("PL")
                try:
                    stdnum_nip.validate(number)
                except StdnumError as error:
                    raise ValidationError(
                        _(
                            "The NIP %(number)s of %(company)s is not valid: check the "
                            "digits.",
                            number=company.vat,
                            company=company.name,
                        )
                    ) from error
            if company.hoa_regon:
                try:
                    stdnum_regon.validate(company.hoa_regon)
                except StdnumError as error:
                    raise ValidationError(
                        _(
                            "The REGON %(number)s of %(company)s is not valid: check "
                            "the "
                            "digits.",
                            number=company.hoa_regon,
                            company=company.name,
                        )
                    ) from error
            if company.hoa_edrpou:
                try:
                    stdnum_edrpou.validate(company.hoa_edrpou)
                except StdnumError as error:
                    raise ValidationError(
                        _(
                            "The EDRPOU code %(number)s of %(company)s is not valid: "
                            "check "
                            "the digits.",
                            number=company.hoa_edrpou,
                            company=company.name,
                        )
                    ) from error

    @api.constrains("hoa_virtual_account_prefix", "country_id")
    def _check_hoa_virtual_account_prefix(self):
        for company in self.filtered("hoa_virtual_account_prefix"):
            prefix = company.hoa_virtual_account_prefix
            length = BBAN_LENGTH.get(company.country_id.code)
            if not length:
                raise ValidationError(
                    _(
                        "Virtual accounts are supported for communities in Poland and "
                        "Ukraine; set the country of %(company)s first.",
                        company=company.name,
                    )
                )
            if not prefix.isdigit() or not 6 <= len(prefix) <= length - 4:
                raise ValidationError(
                    _(
                        "The virtual account prefix must be %(min)s to %(max)s digits "
                        "(the bank code and the client's prefix).",
                        min=6,
                        max=length - 4,
                    )
                )

    def _hoa_virtual_account(self, unit_code):
        """IBAN of the virtual account of the unit numbered ``unit_code``."""
        self.ensure_one()
        country = self.country_id.code
        length = BBAN_LENGTH.get(country)
        prefix = self.hoa_virtual_account_prefix
        if not (length and prefix):
            return False
        room = length - len(prefix)
        code = str(unit_code)
        if len(code) > room:
            raise ValidationError(
                _(
                    "The virtual account prefix of %(company)s leaves only %(digits)s "
                    "digits "
                    "for units: too few for unit number %(code)s.",
                    company=self.name,
                    digits=room,
                    code=code,
                )
            )
        bban = prefix + code.zfill(room)
        check = stdnum_iban.calc_check_digits(country + "00" + bban)
        return stdnum_iban.validate(country + check + bban)
