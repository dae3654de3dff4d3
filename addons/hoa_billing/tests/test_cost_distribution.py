from odoo.tests import tagged

from odoo.addons.hoa_billing.models.hoa_cost_distribution import distribute

from .common import HoaBillingCase


@tagged("post_install", "-at_install")
class TestCostDistribution(HoaBillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roof = cls._charge_type(
            "Roof repair", "fixed", 0.0, units=cls.env["hoa.unit"]
        )
        cls.unit_3 = cls.env["hoa.unit"].create(
            {
                "name": "3",
                "building_id": cls.building.id,
                "area_usable": 33.0,
            }
        )
        cls.ewa.lang = "en_US"  # her invoice lines are read in English below
        cls.env["hoa.unit.ownership"].create(
            {
                "unit_id": cls.unit_3.id,
                "partner_id": cls.ewa.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2025-01-01",
            }
        )

    def _distribution(self, amount, key, **vals):
        return self.env["hoa.cost.distribution"].create(
            {
                "name": "Roof repair",
                "company_id": self.community.id,
                "charge_type_id": self.roof.id,
                "amount": amount,
                "key": key,
                "period_date": "2026-11-01",
                **vals,
            }
        )

    def test_rounding_sums_exactly(self):
        self.assertEqual(distribute(100.0, [1, 1, 1]), [33.34, 33.33, 33.33])
        self.assertEqual(distribute(0.05, [1, 1, 1, 1]), [0.02, 0.01, 0.01, 0.01])
        self.assertEqual(distribute(1000.0, [50, 50, 33]), [375.94, 375.94, 248.12])
        parts = distribute(12345.67, [3.17, 48.2, 51.9, 70.15, 12.01, 0.33, 9])
        self.assertEqual(round(sum(parts), 2), 12345.67)

    def test_by_area_billed_to_each_payer(self):
        distribution = self._distribution(1000.0, "area_usable")
        distribution.action_compute()
        # 50, 50 and 33 m² of 133: 375.939..., 375.939..., 248.120...
        self.assertEqual(
            distribution.line_ids.mapped("amount"), [375.94, 375.94, 248.12]
        )
        self.assertEqual(sum(distribution.line_ids.mapped("amount")), 1000.0)
        distribution.action_bill()
        run = distribution.run_id
        self.assertEqual(run.state, "done")
        self.assertEqual(run.move_count, 3)
        self.assertEqual(sum(run.move_ids.mapped("amount_total")), 1000.0)
        invoice = run.move_ids.filtered(lambda m: m.hoa_unit_id == self.unit_3)
        self.assertEqual(invoice.partner_id, self.ewa)
        self.assertEqual(invoice.amount_total, 248.12)
        self.assertEqual(invoice.invoice_line_ids.name, "Roof repair: 33 of 133")
        # a regular run of the same month is not disturbed by the one-off lines
        regular = self._run("2026-11-01")
        self.assertEqual(self._amounts(regular, self.unit)["Maintenance"], 225.0)
        # billing the distribution again bills nothing twice
        self.assertEqual(run._compute_one_off(run.unit_ids)[0], [])

    def test_equally_and_by_shares(self):
        distribution = self._distribution(100.0, "equal")
        distribution.action_compute()
        self.assertEqual(distribution.line_ids.mapped("amount"), [33.34, 33.33, 33.33])
        distribution = self._distribution(100.0, "share")
        distribution.action_compute()
        self.assertEqual(distribution.line_ids.mapped("amount"), [50.0, 50.0, 0.0])

    def test_building_water_loss_by_consumption(self):
        water = self._charge_type(
            "Cold water",
            "consumption",
            12.0,
            units=self.env["hoa.unit"],
            medium="cold_water",
        )
        main = self._meter("MAIN-1", initial_value=1000)
        meter_2 = self._meter("CW-2", unit=self.unit_2, initial_value=50)
        self._read(self.meter, "2026-10-31", 106)  # 6 m³ since 100
        self._read(meter_2, "2026-10-31", 53)  # 3 m³
        self._read(main, "2026-10-31", 1010)  # 10 m³: 1 m³ lost
        distribution = self._distribution(
            0.0,
            "consumption",
            charge_type_id=water.id,
            source="losses",
            loss_building_id=self.building.id,
            loss_medium="cold_water",
            date_from="2026-01-01",
            date_to="2026-10-30",
        )
        distribution.action_compute()
        self.assertEqual(distribution.loss_quantity, 1.0)
        self.assertEqual(distribution.amount, 12.0)
        # 6 : 3 : 0 m³
        self.assertEqual(distribution.line_ids.mapped("amount"), [8.0, 4.0, 0.0])

    def test_wrong_input(self):
        with self.assertRefused("Enter the cost"):
            self._distribution(0.0, "area_usable").action_compute()
        with self.assertRefused("share nothing"):
            self._distribution(
                10.0,
                "occupants",
                building_ids=[(6, 0, self.building.ids)],
                date_from="2020-01-01",
            ).action_compute()
        with self.assertRefused("Compute the parts first"):
            self._distribution(10.0, "equal").action_bill()
        with self.assertRefused("No unit matches"):
            self._distribution(
                10.0, "equal", kind_flat=False, kind_garage=True
            ).action_compute()
        with self.assertRefused("period of the consumption"):
            self._distribution(10.0, "consumption").action_compute()
