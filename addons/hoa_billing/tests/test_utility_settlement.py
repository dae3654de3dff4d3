from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HoaBillingCase


@freeze_time("2026-11-23")
@tagged("post_install", "-at_install")
class TestUtilitySettlement(HoaBillingCase):
    """Cold water of May–October 2026 (184 days) in the test building.

    Flat 1: 50 m² usable (55 with additional areas), 2 occupants, Anna pays.
    Flat 2: 50 m², nobody declared, Jan pays. Both were billed an advance of
    100.00 a month for April to October: 600.00 each in the period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.water = cls._charge_type("Cold water advance", "unit", 100.0)
        cls.meter_2 = cls._meter("CW-2", unit=cls.unit_2, initial_value=50)
        cls.main = cls._meter("MAIN-1", initial_value=1000, digits=6)
        for month in range(4, 11):  # April is before the period: not an advance
            run = cls.env["hoa.billing.run"].create(
                {"company_id": cls.community.id, "period_date": f"2026-{month:02}-01"}
            )
            run.action_start()

    def _readings(self, flat_2_end=True):
        self._read(self.meter, "2026-04-30", 130)
        self._read(self.meter, "2026-10-31", 160)  # flat 1: 30 m³
        self._read(self.meter_2, "2026-04-30", 70)
        if flat_2_end:
            self._read(self.meter_2, "2026-10-31", 90)  # flat 2: 20 m³
        self._read(self.main, "2026-04-30", 1060)
        self._read(self.main, "2026-10-31", 1115)  # main: 55 m³

    def _settlement(self, key="area_usable", **vals):
        values = {
            "name": "Cold water 05–10/2026",
            "company_id": self.community.id,
            "medium": "cold_water",
            "date_from": "2026-05-01",
            "date_to": "2026-10-31",
            "charge_type_id": self.water.id,
            "main_meter_ids": [Command.set(self.main.ids)],
            "other_cost": 1100.0,
            "key": key,
            "invoice_date": "2026-11-20",
            "date_due": "2026-12-10",
        }
        values.update(vals)
        return self.env["hoa.utility.settlement"].create(values)

    def _line(self, settlement, unit):
        return settlement.line_ids.filtered(lambda line: line.unit_id == unit)

    def _bill(self, amount):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "company_id": self.community.id,
                "partner_id": self.ewa.id,
                "invoice_date": "2026-11-05",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Water 05–10/2026",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        bill.action_post()
        return bill

    def test_losses_by_area_debit_and_credit(self):
        self._readings()
        # the cost: a bill of 1,000.00 and 100.00 entered
        settlement = self._settlement(
            bill_ids=[Command.set(self._bill(1000.0).ids)], other_cost=100.0
        )
        self.assertEqual(settlement.bill_amount, 1000.0)
        self.assertEqual(settlement.cost_total, 1100.0)
        settlement.action_compute()
        self.assertEqual(settlement.state, "computed")
        # main 55 m³, units 30 + 20 = 50 m³, losses 5 m³; 1,100.00 / 55 = 20.00
        self.assertAlmostEqual(settlement.main_consumption, 55.0)
        self.assertAlmostEqual(settlement.units_consumption, 50.0)
        self.assertAlmostEqual(settlement.loss_quantity, 5.0)
        self.assertAlmostEqual(settlement.unit_price, 20.0)
        self.assertTrue(settlement.has_losses)
        flat_1, flat_2 = (
            self._line(settlement, self.unit),
            self._line(settlement, self.unit_2),
        )
        # own: 30 × 20 = 600.00 and 20 × 20 = 400.00; losses 100.00 by 50 : 50 m²
        self.assertAlmostEqual(flat_1.consumption, 30.0)
        self.assertEqual(flat_1.own_cost, 600.0)
        self.assertEqual(flat_2.own_cost, 400.0)
        self.assertEqual((flat_1.loss_amount, flat_2.loss_amount), (50.0, 50.0))
        self.assertAlmostEqual(flat_1.loss_quantity, 2.5)
        self.assertAlmostEqual(flat_2.loss_quantity, 2.5)
        self.assertEqual((flat_1.cost_total, flat_2.cost_total), (650.0, 450.0))
        # advances: 6 months × 100.00, April not counted
        self.assertEqual((flat_1.advances, flat_2.advances), (600.0, 600.0))
        # 650 - 600 = 50.00 to pay; 450 - 600 = -150.00 credited
        self.assertEqual((flat_1.result, flat_2.result), (50.0, -150.0))
        self.assertEqual(flat_1.partner_id, self.anna)
        self.assertEqual(flat_2.partner_id, self.jan)
        self.assertFalse(settlement.line_ids.filtered("is_estimate"))
        self.assertEqual(flat_1.meter_ids.value_start, 130.0)
        self.assertEqual(flat_1.meter_ids.value_end, 160.0)
        # the letter shows the calculation and what happens next
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "hoa_billing.action_report_hoa_utility_settlement_letter", flat_1.ids
            )[0]
            .decode()
        )
        for text in ("CW-1", "130.000", "160.000", "30.000", "600.00", "To pay"):
            self.assertIn(text, html)
        self.assertIn("12/10/2026", html)  # the due date
        settlement.action_post()
        self.assertEqual(settlement.state, "posted")
        invoice, refund = flat_1.move_id, flat_2.move_id
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 50.0)
        self.assertEqual(invoice.partner_id, self.anna)
        self.assertEqual(invoice.journal_id, self.community._hoa_billing_journal())
        self.assertEqual(invoice.hoa_unit_id, self.unit)
        self.assertEqual(str(invoice.hoa_period_date), "2026-11-01")
        self.assertEqual(str(invoice.invoice_date_due), "2026-12-10")
        self.assertEqual(invoice.invoice_line_ids.hoa_charge_type_id, self.water)
        self.assertEqual(invoice.invoice_line_ids.account_id, self.water.account_id)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.amount_total, 150.0)
        self.assertEqual(refund.partner_id, self.jan)
        self.assertEqual(settlement.move_count, 2)
        # the unit's statement shows the settlement among its charges
        statement = self.unit._hoa_statement_data("2026-11-01", "2026-11-30")
        self.assertIn(invoice.name, [row["document"] for row in statement["lines"]])
        # a later settlement never counts these documents as advances
        later = self._settlement(name="Again")
        later.action_compute()
        self.assertEqual(self._line(later, self.unit).advances, 600.0)

    def test_losses_by_occupants(self):
        self._readings()
        settlement = self._settlement("occupants")
        settlement.action_compute()
        flat_1, flat_2 = (
            self._line(settlement, self.unit),
            self._line(settlement, self.unit_2),
        )
        # 2 occupants against none: flat 1 bears all 5 m³ and 100.00 of losses
        self.assertEqual((flat_1.weight, flat_2.weight), (2.0, 0.0))
        self.assertAlmostEqual(flat_1.loss_quantity, 5.0)
        self.assertAlmostEqual(flat_2.loss_quantity, 0.0)
        self.assertEqual((flat_1.loss_amount, flat_2.loss_amount), (100.0, 0.0))
        # 600 + 100 - 600 = 100.00; 400 - 600 = -200.00
        self.assertEqual((flat_1.result, flat_2.result), (100.0, -200.0))
        settlement.action_post()
        self.assertEqual(flat_1.move_id.amount_total, 100.0)
        self.assertEqual(flat_2.move_id.move_type, "out_refund")
        self.assertEqual(flat_2.move_id.amount_total, 200.0)

    def test_missing_end_reading_is_estimated_and_flagged(self):
        # flat 2 read on 30 September, not at the end of October; 50 on 1 January,
        # 61.9 on 30 April, 77.2 on 30 September: 27.2 m³ in 272 days, 0.1 a day
        self._read(self.meter, "2026-04-30", 130)
        self._read(self.meter, "2026-10-31", 160)
        self._read(self.meter_2, "2026-04-30", 61.9)
        self._read(self.meter_2, "2026-09-30", 77.2)
        self._read(self.main, "2026-04-30", 1060)
        self._read(self.main, "2026-10-31", 1115)
        settlement = self._settlement()
        settlement.action_compute()
        flat_1, flat_2 = (
            self._line(settlement, self.unit),
            self._line(settlement, self.unit_2),
        )
        # 15.3 m³ read (30 Apr – 30 Sep) + 31 days × 0.1 = 18.4 m³
        self.assertAlmostEqual(flat_2.consumption, 18.4)
        self.assertTrue(flat_2.is_estimate)
        self.assertIn("no reading at the end of the period", flat_2.estimate_reason)
        self.assertFalse(flat_1.is_estimate)
        self.assertEqual(settlement.estimated_count, 1)
        # units 48.4 m³, losses 6.6; own 600.00 and 368.00, losses 132.00 by area
        self.assertAlmostEqual(settlement.loss_quantity, 6.6)
        self.assertEqual((flat_1.own_cost, flat_2.own_cost), (600.0, 368.0))
        self.assertEqual((flat_1.loss_amount, flat_2.loss_amount), (66.0, 66.0))
        self.assertEqual((flat_1.result, flat_2.result), (66.0, -166.0))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "hoa_billing.action_report_hoa_utility_settlement_letter", flat_2.ids
            )[0]
            .decode()
        )
        self.assertIn("Settled on an estimate", html)
        self.assertIn("Credit", html)

    def test_without_main_meter_readings_no_losses(self):
        self._readings()
        settlement = self._settlement(main_meter_ids=[Command.clear()])
        settlement.action_compute()
        # 1,100.00 over the units' 50 m³: 22.00 a m³, 660.00 and 440.00
        self.assertFalse(settlement.has_losses)
        self.assertAlmostEqual(settlement.unit_price, 22.0)
        self.assertEqual(settlement.line_ids.mapped("cost_total"), [660.0, 440.0])
        self.assertEqual(settlement.line_ids.mapped("loss_amount"), [0.0, 0.0])

    def test_refusals(self):
        self._readings()
        with self.assertRaisesRegex(ValidationError, "cannot start"):
            self._settlement(date_from="2026-11-01")
        settlement = self._settlement()
        with self.assertRefused("Compute the settlement"):
            settlement.action_post()
        settlement.action_compute()
        # all or nothing: Jan is not known as payer, so nothing at all is posted
        self._line(settlement, self.unit_2).partner_id = False
        with self.assertRefused("no payer"):
            settlement.action_post()
        self.assertFalse(settlement.line_ids.move_id)
        self.assertEqual(settlement.state, "computed")
        settlement.action_compute()  # recomputed: the lines are replaced
        self.assertEqual(len(settlement.line_ids), 2)
        settlement.action_post()
        moves = settlement.move_ids
        self.assertEqual(len(moves), 2)
        with self.assertRefused("posted already"):
            settlement.action_post()
        with self.assertRefused("cannot be cancelled"):
            settlement.action_cancel()
        with self.assertRefused("cannot be changed"):
            settlement.other_cost = 5.0
        self.assertEqual(settlement.move_ids, moves)

    def test_other_community_never_included(self):
        self._readings()
        other = self.env["res.company"].create(
            {
                "name": "WM Inna",
                "is_hoa_community": True,
                "country_id": self.env.ref("base.pl").id,
                "currency_id": self.env.ref("base.PLN").id,
            }
        )
        self.env.user.company_ids |= other
        building = self.env["hoa.building"].create(
            {"name": "ul. Inna 2", "company_id": other.id}
        )
        unit = self.env["hoa.unit"].create(
            {"name": "1", "building_id": building.id, "area_usable": 40.0}
        )
        meter = self.env["hoa.meter"].create(
            {
                "name": "CW-X",
                "medium": "cold_water",
                "unit_id": unit.id,
                "install_date": "2026-01-01",
                "initial_value": 10,
            }
        )
        self._read(meter, "2026-10-31", 20)
        settlement = self._settlement()
        settlement._onchange_main_meters()
        self.assertEqual(settlement.main_meter_ids, self.main)
        settlement.action_compute()
        self.assertEqual(settlement.line_ids.unit_id, self.unit | self.unit_2)
        self.assertAlmostEqual(settlement.units_consumption, 50.0)
