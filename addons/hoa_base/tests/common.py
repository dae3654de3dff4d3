from contextlib import contextmanager

from odoo.exceptions import UserError
from odoo.tests import TransactionCase


class RefusalMixin:
    @contextmanager
    def assertRefused(self, pattern):
        """The operation fails with a user error matching ``pattern`` and writes nothing
        (Odoo's assertRaises rolls back to a savepoint; the cache is dropped too)."""
        with self.assertRaises(UserError) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)
        self.env.invalidate_all()


class HoaBaseCase(RefusalMixin, TransactionCase):
    """A small community of our own, independent of the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the test database loads Polish first; assertions read the English messages
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.community = cls.env["res.company"].create(
            {
                "name": "WM Testowa 1",
                "is_hoa_community": True,
                "hoa_kind": "homeowners",
                "country_id": cls.env.ref("base.pl").id,
                "currency_id": cls.env.ref("base.PLN").id,
                "hoa_virtual_account_prefix": "102028929876",
            }
        )
        cls.env.user.company_ids |= cls.community
        cls.building = cls.env["hoa.building"].create(
            {"name": "ul. Testowa 1", "company_id": cls.community.id}
        )
        cls.unit = cls.env["hoa.unit"].create(
            {
                "name": "1",
                "building_id": cls.building.id,
                "area_usable": 50.0,
                "share": "1/2",
            }
        )
        cls.unit_2 = cls.env["hoa.unit"].create(
            {
                "name": "2",
                "building_id": cls.building.id,
                "area_usable": 50.0,
                "share": "1/2",
            }
        )
        Partner = cls.env["res.partner"]
        cls.anna = Partner.create({"name": "Anna Nowak", "email": "anna@example.com"})
        cls.jan = Partner.create({"name": "Jan Nowak", "email": "jan@example.com"})
        cls.ewa = Partner.create({"name": "Ewa Kowalska", "email": "ewa@example.com"})
