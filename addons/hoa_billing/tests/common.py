from odoo.addons.hoa_meters.tests.common import HoaMetersCase


class HoaBillingCase(HoaMetersCase):
    """The test community with its books (Polish chart) and a set of charges.

    Flat 1: 50 m² usable + 5 m² additional, share 1/2, 2 occupants, Anna pays.
    Flat 2: 50 m², share 1/2, nobody declared, Jan pays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "pl", cls.community, install_demo=False
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.community.id])
        )
        cls.income = cls.env["account.account"].search(
            [
                ("company_ids", "in", cls.community.id),
                ("account_type", "=", "income"),
            ],
            limit=1,
        )
        cls.unit.area_additional = 5.0
        # Documents follow the payer's language; the assertions read English ones
        # (a test that checks a Polish document sets the language itself). The
        # test database is installed in Polish and Ukrainian: English is activated
        # for the numbers and dates to be written the English way.
        cls.env["res.lang"]._activate_lang("en_US")
        (cls.anna | cls.jan | cls.ewa).lang = "en_US"
        Ownership = cls.env["hoa.unit.ownership"]
        cls.anna_owns = Ownership.create(
            {
                "unit_id": cls.unit.id,
                "partner_id": cls.anna.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2025-01-01",
            }
        )
        Ownership.create(
            {
                "unit_id": cls.unit_2.id,
                "partner_id": cls.jan.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2025-01-01",
            }
        )
        cls.maintenance = cls._charge_type("Maintenance", "area_usable", 4.50)
        cls.repair = cls._charge_type("Repair fund", "share", 1000.0)
        cls.waste = cls._charge_type("Waste", "occupants", 36.0)
        cls.lift = cls._charge_type("Lift", "unit", 12.0)

    @classmethod
    def _charge_type(
        cls, name, basis, rate, units=None, date_from="2026-01-01", **vals
    ):
        charge_type = cls.env["hoa.charge.type"].create(
            {
                "name": name,
                "basis": basis,
                "company_id": cls.community.id,
                "account_id": cls.income.id,
                "tariff_ids": [(0, 0, {"date_from": "2026-01-01", "rate": rate})],
                **vals,
            }
        )
        for unit in units if units is not None else cls.unit | cls.unit_2:
            cls._assign(unit, charge_type, date_from)
        return charge_type

    @classmethod
    def _assign(cls, unit, charge_type, date_from="2026-01-01", **vals):
        return cls.env["hoa.unit.charge"].create(
            {
                "unit_id": unit.id,
                "company_id": unit.company_id.id,
                "charge_type_id": charge_type.id,
                "date_from": date_from,
                **vals,
            }
        )

    def _run(self, month, month_to=None, **vals):
        run = self.env["hoa.billing.run"].create(
            {
                "company_id": self.community.id,
                "period_date": month,
                "kind": "correction" if month_to else "regular",
                "period_date_to": month_to,
                **vals,
            }
        )
        run.action_start()
        return run

    def _amounts(self, run, unit=None, partner=None):
        """{charge name: amount} of a run's lines (summed), for one unit/partner."""
        result = {}
        for line in run.line_ids:
            if unit and line.unit_id != unit or partner and line.partner_id != partner:
                continue
            key = line.charge_type_id.name
            if line.kind != "charge":
                key = f"{key} ({line.kind})"
            result[key] = round(result.get(key, 0.0) + line.amount, 2)
        return result

    def _invoices(self, unit, partner=None):
        return self.env["account.move"].search(
            [("hoa_unit_id", "=", unit.id), ("state", "=", "posted")]
            + ([("partner_id", "=", partner.id)] if partner else []),
            order="id",
        )
