import base64
import io
from unittest.mock import patch

import openpyxl

from odoo.tests import tagged

from odoo.addons.hoa_billing.models import hoa_billing_run

from .common import HoaBillingCase


@tagged("post_install", "-at_install")
class TestBillingRun(HoaBillingCase):
    def test_every_basis(self):
        """Hand-checked: flat 1 in October 2026 (31 days)."""
        self._charge_type("Heating", "area_total", 2.10, units=self.unit)
        self._charge_type(
            "Cold water", "consumption", 15.50, units=self.unit, medium="cold_water"
        )
        garage = self._charge_type("Garage", "fixed", 80.0, units=self.env["hoa.unit"])
        self._assign(self.unit, garage, fixed_amount=95.0)
        pets = self._charge_type(
            "Pets", "quantity", 10.0, units=self.env["hoa.unit"], quantity_label="pets"
        )
        self._assign(self.unit, pets, quantity=2)
        self._charge_type(
            "Administration",
            "percent",
            10.0,
            units=self.unit,
            percent_of_ids=[(6, 0, self.maintenance.ids)],
        )
        self._read(self.meter, "2026-10-01", 110)
        self._read(self.meter, "2026-11-01", 118.5)
        run = self._run("2026-10-01")
        self.assertEqual(run.state, "done")
        self.assertEqual(
            self._amounts(run, self.unit),
            {
                "Maintenance": 225.00,  # 50 m² × 4.50
                "Repair fund": 500.00,  # 1/2 × 1,000.00
                "Waste": 72.00,  # 2 occupants × 36.00
                "Lift": 12.00,
                "Heating": 115.50,  # 55 m² × 2.10
                "Cold water": 131.75,  # 8.5 m³ × 15.50
                "Garage": 95.00,  # the unit's own fixed amount
                "Pets": 20.00,  # 2 × 10.00
                "Administration": 22.50,  # 10 % of 225.00
            },
        )
        invoice = self._invoices(self.unit)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.partner_id, self.anna)
        self.assertEqual(invoice.amount_total, 1193.75)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(str(invoice.invoice_date_due), "2026-10-10")
        self.assertEqual(invoice.hoa_period_date.isoformat(), "2026-10-01")
        self.assertIn("1", invoice.payment_reference)
        # flat 2: nobody declared, no occupants' charge
        self.assertEqual(
            self._amounts(run, self.unit_2),
            {"Maintenance": 225.0, "Repair fund": 500.0, "Lift": 12.0},
        )
        self.assertEqual(self._invoices(self.unit_2).partner_id, self.jan)
        self.assertEqual(run.move_count, 2)
        self.assertIn(self.anna, invoice.message_partner_ids)

    def test_rate_change_from_next_month(self):
        self.env["hoa.tariff"].create(
            {
                "charge_type_id": self.maintenance.id,
                "date_from": "2026-10-15",
                "rate": 5,
            }
        )
        october = self._run("2026-10-01")
        november = self._run("2026-11-01")
        self.assertEqual(self._amounts(october, self.unit)["Maintenance"], 225.00)
        self.assertEqual(self._amounts(november, self.unit)["Maintenance"], 250.00)

    def test_rate_change_pro_rata(self):
        self.community.hoa_rate_change_mode = "pro_rata"
        self.env["hoa.tariff"].create(
            {
                "charge_type_id": self.maintenance.id,
                "date_from": "2026-10-15",
                "rate": 5,
            }
        )
        run = self._run("2026-10-01")
        lines = run.line_ids.filtered(
            lambda line: line.unit_id == self.unit
            and line.charge_type_id == self.maintenance
        )
        # 14 days at 4.50 and 17 days at 5.00 of 31: 225 × 14/31 + 250 × 17/31
        self.assertEqual(sorted(lines.mapped("amount")), [101.61, 137.10])
        self.assertEqual(sorted(lines.mapped("rate")), [4.5, 5.0])
        self.assertEqual(self._invoices(self.unit).amount_total, 238.71 + 584.0)

    def test_building_and_unit_rates_override_the_community_rate(self):
        self.env["hoa.tariff"].create(
            [
                {
                    "charge_type_id": self.lift.id,
                    "date_from": "2026-01-01",
                    "building_id": self.building.id,
                    "rate": 15,
                },
                {
                    "charge_type_id": self.lift.id,
                    "date_from": "2026-06-01",
                    "unit_id": self.unit_2.id,
                    "rate": 0.5,
                },
            ]
        )
        run = self._run("2026-10-01")
        self.assertEqual(self._amounts(run, self.unit)["Lift"], 15.0)
        self.assertEqual(self._amounts(run, self.unit_2)["Lift"], 0.5)

    def test_subsidy_paid_by_a_third_party_and_discount(self):
        mops = self.env["res.partner"].create(
            {"name": "MOPS Kraków", "is_company": True}
        )
        self.unit.charge_ids.filtered(lambda c: c.charge_type_id == self.waste).write(
            {
                "discount_type": "percent",
                "discount_value": 50,
                "subsidy_partner_id": mops.id,
            }
        )
        self.unit.charge_ids.filtered(lambda c: c.charge_type_id == self.lift).write(
            {"discount_type": "amount", "discount_value": 5}
        )
        run = self._run("2026-10-01")
        self.assertEqual(
            self._amounts(run, self.unit, self.anna),
            {
                "Maintenance": 225.0,
                "Repair fund": 500.0,
                "Waste": 72.0,
                "Waste (discount)": -36.0,
                "Lift": 12.0,
                "Lift (discount)": -5.0,
            },
        )
        self.assertEqual(self._invoices(self.unit, self.anna).amount_total, 768.0)
        subsidy = self._invoices(self.unit, mops)
        self.assertEqual(subsidy.amount_total, 36.0)
        self.assertEqual(subsidy.hoa_unit_id, self.unit)

    def test_owner_change_mid_month_pro_rata(self):
        """Anna sells flat 1 to Ewa on 10 October: each pays for her days."""
        self.community.hoa_rate_change_mode = "pro_rata"
        self.anna_owns.date_to = "2026-10-10"
        self.env["hoa.unit.ownership"].create(
            {
                "unit_id": self.unit.id,
                "partner_id": self.ewa.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2026-10-11",
            }
        )
        run = self._run("2026-10-01")
        anna = self._amounts(run, self.unit, self.anna)
        ewa = self._amounts(run, self.unit, self.ewa)
        # 225.00 × 10/31 = 72.58 and × 21/31 = 152.42; 500 × 10/31 = 161.29 ...
        self.assertEqual(anna["Maintenance"], 72.58)
        self.assertEqual(ewa["Maintenance"], 152.42)
        self.assertEqual(anna["Repair fund"], 161.29)
        self.assertEqual(ewa["Repair fund"], 338.71)
        self.assertEqual(len(self._invoices(self.unit)), 2)
        self.assertEqual(
            self._invoices(self.unit, self.ewa).amount_total,
            152.42 + 338.71 + 48.77 + 8.13,  # waste 72 × 21/31, lift 12 × 21/31
        )

    def test_owner_change_mid_month_from_next_month(self):
        self.anna_owns.date_to = "2026-10-10"
        self.env["hoa.unit.ownership"].create(
            {
                "unit_id": self.unit.id,
                "partner_id": self.ewa.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2026-10-11",
            }
        )
        october = self._run("2026-10-01")
        november = self._run("2026-11-01")
        self.assertEqual(self._invoices(self.unit).partner_id, self.anna | self.ewa)
        self.assertEqual(
            october.move_ids.filtered(lambda m: m.hoa_unit_id == self.unit).partner_id,
            self.anna,
        )
        self.assertEqual(
            november.move_ids.filtered(lambda m: m.hoa_unit_id == self.unit).partner_id,
            self.ewa,
        )

    def test_rerun_bills_nothing_twice(self):
        first = self._run("2026-10-01")
        self.assertEqual(first.move_count, 2)
        second = self._run("2026-10-01")
        self.assertEqual(second.state, "done")
        self.assertEqual(second.move_count, 0)
        self.assertEqual(len(self._invoices(self.unit)), 1)
        # a unit added since is billed by the rerun, alone
        unit_3 = self.env["hoa.unit"].create(
            {"name": "3", "building_id": self.building.id, "area_usable": 20}
        )
        self.env["hoa.unit.ownership"].create(
            {
                "unit_id": unit_3.id,
                "partner_id": self.ewa.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2026-01-01",
            }
        )
        self._assign(unit_3, self.maintenance)
        third = self._run("2026-10-01")
        self.assertEqual(third.move_ids.hoa_unit_id, unit_3)
        self.assertEqual(third.move_ids.amount_total, 90.0)

    def test_recalculation_bills_only_differences(self):
        september = self._run("2026-09-01")
        october = self._run("2026-10-01")
        original_sep = self._invoices(self.unit).filtered(
            lambda m: m.hoa_period_date.month == 9
        )
        # the area was measured again: 60 m² since September
        self.unit.area_usable = 60
        correction = self._run("2026-09-01", "2026-10-01")
        self.assertEqual(correction.move_count, 2)  # flat 1, September and October
        for move in correction.move_ids:
            self.assertEqual(move.move_type, "out_invoice")
            self.assertEqual(move.amount_total, 45.0)  # 10 m² × 4.50
            self.assertTrue(move.hoa_corrected_move_id)
        self.assertEqual(
            correction.move_ids.filtered(
                lambda m: m.hoa_period_date.month == 9
            ).hoa_corrected_move_id,
            original_sep,
        )
        line = correction.line_ids[:1]
        self.assertTrue(line.is_correction)
        self.assertEqual((line.due_amount, line.billed_before), (270.0, 225.0))
        # then it turns out to be 40 m²: a credit note of 90.00 per month
        self.unit.area_usable = 40
        credit = self._run("2026-09-01", "2026-10-01")
        self.assertEqual(credit.move_ids.mapped("move_type"), ["out_refund"] * 2)
        self.assertEqual(credit.move_ids.mapped("amount_total"), [90.0, 90.0])
        refund_sep = credit.move_ids.filtered(lambda m: m.hoa_period_date.month == 9)
        self.assertEqual(refund_sep.reversed_entry_id, original_sep)
        # posted entries were never rewritten
        self.assertEqual(original_sep.amount_total, 809.0)
        self.assertEqual(original_sep.state, "posted")
        self.assertEqual(september.state, "done")
        self.assertEqual(october.state, "done")
        # and nothing is left to correct
        self.assertEqual(self._run("2026-09-01", "2026-10-01").move_count, 0)

    def test_recalculation_after_a_rate_change_in_the_past(self):
        self._run("2026-09-01")
        self.env["hoa.tariff"].create(
            {"charge_type_id": self.lift.id, "date_from": "2026-09-01", "rate": 14}
        )
        correction = self._run("2026-09-01", "2026-09-01")
        self.assertEqual(correction.move_ids.mapped("amount_total"), [2.0, 2.0])

    def test_errors_are_listed_and_the_others_billed(self):
        self.env["hoa.unit.ownership"].search(
            [("unit_id", "=", self.unit_2.id)]
        ).unlink()
        no_rate = self.env["hoa.charge.type"].create(
            {
                "name": "New charge",
                "basis": "unit",
                "company_id": self.community.id,
                "account_id": self.income.id,
            }
        )
        unit_3 = self.env["hoa.unit"].create(
            {"name": "3", "building_id": self.building.id, "area_usable": 20}
        )
        self.env["hoa.unit.ownership"].create(
            {
                "unit_id": unit_3.id,
                "partner_id": self.ewa.id,
                "role": "owner",
                "is_payer": True,
                "date_from": "2026-01-01",
            }
        )
        self._assign(unit_3, no_rate)
        run = self._run("2026-10-01")
        self.assertEqual(run.state, "done")
        self.assertEqual(run.error_count, 2)
        errors = {u.unit_id: u.message for u in run.run_unit_ids if u.state == "error"}
        self.assertRegex(errors[self.unit_2], "no payer")
        self.assertRegex(errors[unit_3], "No rate of New charge")
        self.assertEqual(run.move_ids.hoa_unit_id, self.unit)

    def test_interrupted_run_resumes_without_duplicates(self):
        units = self.unit | self.unit_2
        for name in "345":
            unit = self.env["hoa.unit"].create(
                {"name": name, "building_id": self.building.id, "area_usable": 10}
            )
            self.env["hoa.unit.ownership"].create(
                {
                    "unit_id": unit.id,
                    "partner_id": self.ewa.id,
                    "role": "owner",
                    "is_payer": True,
                    "date_from": "2026-01-01",
                }
            )
            self._assign(unit, self.maintenance)
            units |= unit
        run = self.env["hoa.billing.run"].create(
            {"company_id": self.community.id, "period_date": "2026-10-01"}
        )
        with (
            patch.object(hoa_billing_run, "SYNC_LIMIT", 0),
            patch.object(hoa_billing_run, "BATCH_SIZE", 2),
        ):
            run.action_start()  # too big to bill at once: the cron takes it
            self.assertEqual(run.state, "running")
            self.assertEqual(run.move_count, 0)
            self.assertEqual(run._process(limit=2), 2)  # the first batch
            self.assertEqual(run.move_count, 2)
            # the server dies while billing the second batch
            original = type(run)._create_moves

            def crash(self, lines):
                original(self, lines)
                raise KeyboardInterrupt

            with (
                patch.object(type(run), "_create_moves", crash),
                self.assertRaises(KeyboardInterrupt),
            ):
                run._process(limit=2)
            run.invalidate_recordset()
            self.assertEqual(run.move_count, 2)
            self.assertEqual(run.unit_done, 2)
            self.assertEqual(run.state, "running")
            # after the restart the cron goes on where it stopped, batch by batch
            self.env["hoa.billing.run"]._cron_process()
            self.assertEqual(run.state, "running")
            self.env["hoa.billing.run"]._cron_process()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.move_count, 5)
        # three batches, one template: consecutive numbers, none given twice
        numbers = sorted(run.move_ids.mapped("sequence_number"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 5)))
        for unit in units:
            self.assertEqual(len(self._invoices(unit)), 1, unit.name)

    def test_export_xlsx(self):
        run = self._run("2026-10-01")
        action = run.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        lines, totals = book.worksheets
        self.assertEqual(lines.max_row, 1 + len(run.line_ids))
        total = [row for row in totals.iter_rows(values_only=True)][-1]
        self.assertEqual(total[1], 809.0 + 737.0)

    def test_cancel_reverses_and_allows_billing_again(self):
        run = self._run("2026-10-01")
        invoice = self._invoices(self.unit)
        run.action_cancel()
        self.assertEqual(run.state, "cancelled")
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(
            run.line_ids.mapped("state"), ["cancelled"] * len(run.line_ids)
        )
        again = self._run("2026-10-01")
        self.assertEqual(again.move_count, 2)
        with self.assertRefused("Only a run that has billed"):
            run.action_cancel()

    def test_cannot_cancel_under_a_later_run(self):
        first = self._run("2026-10-01")
        self.unit.area_usable = 60
        self._run("2026-10-01")
        with self.assertRefused("billed the same units and months later"):
            first.action_cancel()

    def test_preview_changes_nothing(self):
        run = self.env["hoa.billing.run"].create(
            {"company_id": self.community.id, "period_date": "2026-10-01"}
        )
        run.action_preview()
        self.assertEqual(run.state, "preview")
        self.assertEqual(run.amount_total, 809.0 + 737.0)
        self.assertFalse(run.move_ids)
        self.assertFalse(self._invoices(self.unit))
        run.action_start()
        self.assertEqual(run.move_count, 2)
        self.assertEqual(set(run.line_ids.mapped("state")), {"posted"})

    def test_wrong_input_is_refused(self):
        with self.assertRefused("cannot be negative"):
            self.env["hoa.tariff"].create(
                {"charge_type_id": self.lift.id, "date_from": "2026-02-01", "rate": -1}
            )
        with self.assertRefused("already has the charge"):
            self._assign(self.unit, self.lift, "2026-05-01")
        with self.assertRefused("percentage of charges that are not"):
            self._charge_type(
                "Percent of percent",
                "percent",
                1,
                units=self.env["hoa.unit"],
                percent_of_ids=[
                    (
                        6,
                        0,
                        self._charge_type(
                            "P",
                            "percent",
                            1,
                            units=self.env["hoa.unit"],
                            percent_of_ids=[(6, 0, self.lift.ids)],
                        ).ids,
                    )
                ],
            )
        with self.assertRefused("choose the medium"):
            self._charge_type("Water", "consumption", 1, units=self.env["hoa.unit"])
        with self.assertRefused("cannot exceed 100"):
            self._assign(
                self.unit,
                self._charge_type("X", "unit", 1, units=self.env["hoa.unit"]),
                discount_type="percent",
                discount_value=150,
            )
        self.community.fiscalyear_lock_date = "2026-10-31"
        run = self.env["hoa.billing.run"].create(
            {"company_id": self.community.id, "period_date": "2026-10-01"}
        )
        with self.assertRefused("are locked until"):
            run.action_start()
        self.assertEqual(run.state, "draft")
        done = self._run("2026-11-01")
        with self.assertRefused("cannot be changed"):
            done.period_date = "2026-12-01"
        with self.assertRefused("cannot be deleted"):
            done.unlink()

    def test_assign_wizard_by_kind(self):
        garage = self.env["hoa.unit"].create(
            {"name": "G1", "building_id": self.building.id, "kind": "garage"}
        )
        fee = self._charge_type("Garage fee", "unit", 50, units=self.env["hoa.unit"])
        wizard = self.env["hoa.charge.assign"].create(
            {
                "charge_type_id": fee.id,
                "kind_flat": False,
                "kind_garage": True,
                "date_from": "2026-01-01",
            }
        )
        self.assertEqual(wizard.unit_count, 1)
        wizard.action_assign()
        self.assertEqual(fee.unit_charge_ids.unit_id, garage)
        with self.assertRefused("already have this charge"):
            self.env["hoa.charge.assign"].create(
                {"charge_type_id": fee.id, "kind_flat": False, "kind_garage": True}
            ).action_assign()
        with self.assertRefused("Choose at least one kind of unit"):
            self.env["hoa.charge.assign"].create(
                {"charge_type_id": fee.id, "kind_flat": False}
            ).action_assign()
