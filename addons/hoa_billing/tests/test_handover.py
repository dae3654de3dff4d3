from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HoaBillingCase


@freeze_time("2026-11-23")
@tagged("post_install", "-at_install")
class TestHandover(HoaBillingCase):
    """Anna sells flat 1 to Ewa: Ewa's first day is 16 August 2026.

    Flat 1 is billed 909.00 a month (maintenance 225.00, repair fund 500.00, waste
    72.00, lift 12.00, cold water advance 100.00), flat 2 837.00. May to August are
    billed before the sale is entered, all to Anna; September and October to Ewa.
    Anna paid May (909.00) on 8 May.

    Cold water, 1 May – 31 October 2026 (184 days), 500.00 without a main meter:
    flat 1 used 30 m³ (130 → 160), flat 2 20 m³ (70 → 90): 10.00 a m³, flat 1 costs
    300.00 and flat 2 200.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.water = cls._charge_type("Cold water advance", "unit", 100.0)
        cls.meter_2 = cls._meter("CW-2", unit=cls.unit_2, initial_value=50)
        cls._bill_months(5, 8)
        may = cls.env["account.move"].search(
            [
                ("hoa_unit_id", "=", cls.unit.id),
                ("hoa_period_date", "=", "2026-05-01"),
                ("state", "=", "posted"),
            ]
        )
        payment = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=may.ids)
            .create({"amount": 909.0, "payment_date": "2026-05-08"})
            ._create_payments()
        )
        payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).hoa_unit_id = cls.unit

    @classmethod
    def _bill_months(cls, first, last):
        for month in range(first, last + 1):
            cls.env["hoa.billing.run"].create(
                {"company_id": cls.community.id, "period_date": f"2026-{month:02}-01"}
            ).action_start()

    def _sell(self, handover=True):
        """Ewa buys flat 1 from 16 August; then September and October are billed."""
        action = (
            self.env["hoa.change.owner"]
            .create(
                {
                    "unit_id": self.unit.id,
                    "date": "2026-08-16",
                    "is_handover": handover,
                    "line_ids": [
                        Command.create(
                            {
                                "partner_id": self.ewa.id,
                                "fraction": "1/1",
                                "is_payer": True,
                            }
                        )
                    ],
                }
            )
            .action_apply()
        )
        self._bill_months(9, 10)
        return self.env["hoa.unit.handover"].browse(action.get("res_id"))

    def _readings(self, handover_value=None):
        self._read(self.meter, "2026-04-30", 130)
        if handover_value is not None:
            self._read(self.meter, "2026-08-16", handover_value)
        self._read(self.meter, "2026-10-31", 160)
        self._read(self.meter_2, "2026-04-30", 70)
        self._read(self.meter_2, "2026-10-31", 90)

    def _settlement(self):
        settlement = self.env["hoa.utility.settlement"].create(
            {
                "name": "Cold water 05–10/2026",
                "company_id": self.community.id,
                "medium": "cold_water",
                "date_from": "2026-05-01",
                "date_to": "2026-10-31",
                "charge_type_id": self.water.id,
                "other_cost": 500.0,
                "key": "area_usable",
                "invoice_date": "2026-11-20",
                "date_due": "2026-12-10",
            }
        )
        settlement.action_compute()
        return settlement

    def _parts(self, settlement, unit):
        return [
            (
                line.partner_id,
                str(line.date_from),
                str(line.date_to),
                line.split_method,
                round(line.consumption, 3),
                line.cost_total,
                line.advances,
                line.result,
            )
            for line in settlement.line_ids.filtered(lambda line: line.unit_id == unit)
        ]

    def test_handover_statement(self):
        self._readings(handover_value=142.5)
        handover = self._sell()
        self.assertEqual(handover.unit_id, self.unit)
        self.assertEqual((handover.seller_id, handover.buyer_id), (self.anna, self.ewa))
        # computed when the owner was changed, before September was billed
        handover.action_compute()
        self.assertEqual(
            [(str(r.reading_date), r.value, r.source) for r in handover.reading_ids],
            [("2026-08-16", 142.5, "reading")],
        )
        # August: 31 days, Anna 15 (1–15), Ewa 16; 909.00 × 15 / 31 = 439.84
        august = handover.advance_ids.filtered(lambda a: str(a.month) == "2026-08-01")
        self.assertEqual(
            (
                august.amount,
                august.seller_days,
                august.buyer_days,
                august.seller_due,
                august.buyer_due,
                august.seller_billed,
                august.buyer_billed,
            ),
            (909.0, 15, 16, 439.84, 469.16, 909.0, 0.0),
        )
        self.assertEqual(
            [str(a.month) for a in handover.advance_ids],
            [
                "2026-05-01",
                "2026-06-01",
                "2026-07-01",
                "2026-08-01",
                "2026-09-01",
                "2026-10-01",
            ],
        )
        # Anna: due 3 × 909.00 + 439.84 = 3,166.84, billed 4 × 909.00 = 3,636.00
        self.assertEqual(
            (handover.seller_due, handover.seller_billed, handover.seller_difference),
            (3166.84, 3636.0, -469.16),
        )
        # Ewa: due 469.16 + 2 × 909.00 = 2,287.16, billed September and October
        self.assertEqual(
            (handover.buyer_due, handover.buyer_billed, handover.buyer_difference),
            (2287.16, 1818.0, 469.16),
        )
        # the books on 15 August: May to August billed, May paid: 2,727.00
        self.assertEqual(handover.seller_balance, 2727.0)
        self.assertEqual(handover.seller_total, 2257.84)
        handover.action_confirm()
        self.assertEqual(handover.state, "done")
        # the settlement gives each of them their part, by the handover reading:
        # Anna 130 → 142.5 = 12.5 m³ = 125.00 less May–August advances 400.00;
        # Ewa 142.5 → 160 = 17.5 m³ = 175.00 less September–October 200.00
        settlement = self._settlement()
        self.assertEqual(
            self._parts(settlement, self.unit),
            [
                (
                    self.anna,
                    "2026-05-01",
                    "2026-08-15",
                    "readings",
                    12.5,
                    125.0,
                    400.0,
                    -275.0,
                ),
                (
                    self.ewa,
                    "2026-08-16",
                    "2026-10-31",
                    "readings",
                    17.5,
                    175.0,
                    200.0,
                    -25.0,
                ),
            ],
        )
        # flat 2 is unchanged: one line
        self.assertEqual(
            self._parts(settlement, self.unit_2),
            [(self.jan, "2026-05-01", "2026-10-31", False, 20.0, 200.0, 600.0, -400.0)],
        )
        self.assertEqual(settlement.result_total, -700.0)
        self.assertEqual(handover._settlement_lines().partner_id, self.anna | self.ewa)
        # each part is posted to its own payer
        settlement.action_post()
        refunds = settlement.line_ids.filtered(
            lambda line: line.unit_id == self.unit
        ).move_id
        self.assertEqual(refunds.partner_id, self.anna | self.ewa)
        self.assertEqual(sorted(refunds.mapped("amount_total")), [25.0, 275.0])
        # the statement prints
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "hoa_billing.action_report_hoa_unit_handover", handover.ids
            )[0]
        )
        self.assertIn("2,257.84", html)
        self.assertIn("469.16", html)
        self.assertIn("142.500", html)

    def test_settlement_split_by_days(self):
        """Without a reading at the handover the consumption and the cost are split
        by the days: Anna 1 May – 15 August = 107 days, Ewa 77 of 184.
        300.00 × 107 / 184 = 174.46, 30 m³ × 107 / 184 = 17.446 m³."""
        self._readings()
        self._sell(handover=False)
        self.assertFalse(self.env["hoa.unit.handover"].search([]))
        settlement = self._settlement()
        self.assertEqual(
            self._parts(settlement, self.unit),
            [
                (
                    self.anna,
                    "2026-05-01",
                    "2026-08-15",
                    "days",
                    17.446,
                    174.46,
                    400.0,
                    -225.54,
                ),
                (
                    self.ewa,
                    "2026-08-16",
                    "2026-10-31",
                    "days",
                    12.554,
                    125.54,
                    200.0,
                    -74.46,
                ),
            ],
        )
        self.assertEqual(settlement.result_total, -700.0)

    def test_entered_reading(self):
        """A reading written down at the handover becomes the meter's reading and
        splits the settlement: 130 → 145 = 15 m³ for Anna, 150.00."""
        self._readings()
        handover = self._sell()
        reading = handover.reading_ids
        # without a reading the state on the day is interpolated (to be checked):
        # 130 + 30 × 108 / 184 days = 147.609
        self.assertEqual((reading.source, reading.value), ("estimate", 147.609))
        reading.write({"value": 145.0, "source": "entered"})
        handover.action_confirm()
        self.assertEqual(
            self.meter.reading_ids.filtered(
                lambda r: str(r.date) == "2026-08-16"
            ).value,
            145.0,
        )
        settlement = self._settlement()
        parts = self._parts(settlement, self.unit)
        self.assertEqual(
            [part[3:6] for part in parts],
            [("readings", 15.0, 150.0), ("readings", 15.0, 150.0)],
        )

    def test_bad_input(self):
        handover = self.env["hoa.unit.handover"].create(
            {"unit_id": self.unit_2.id, "date": "2026-08-16"}
        )
        self.assertEqual((handover.seller_id, handover.buyer_id), (self.jan, self.jan))
        with self.assertRaisesRegex(UserError, "nothing to hand over"):
            handover.action_compute()
        with self.assertRaisesRegex(UserError, "Compute the handover"):
            handover.action_confirm()
        self.assertFalse(handover.advance_ids)
        self.assertEqual(handover.state, "draft")
