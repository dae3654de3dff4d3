from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HoaBaseCase

FIELDS = ["building_id", "name", "kind", "area_usable", "share"]


@tagged("post_install", "-at_install")
class TestUnitImport(HoaBaseCase):
    def _csv(self, bad_row=None, bad_value=None):
        lines = ["Building,Number,Kind,Usable Area,Share"]
        for number in range(1, 501):
            building = self.building.name
            share = "1/1000"
            if number == bad_row:
                building, share = bad_value
            lines.append(f"{building},I{number},flat,42.5,{share}")
        return "\n".join(lines).encode()

    def _import(self, content, dryrun=False, **options):
        importer = self.env["base_import.import"].create(
            {"res_model": "hoa.unit", "file": content, "file_type": "text/csv"}
        )
        opts = {"has_headers": True, "quoting": '"', "separator": ",", **options}
        return importer.execute_import(FIELDS, FIELDS, opts, dryrun=dryrun)

    def _imported(self):
        return self.env["hoa.unit"].search_count([("name", "=like", "I%")])

    def test_template_is_offered(self):
        templates = self.env["hoa.unit"].get_import_templates()
        self.assertTrue(templates[0]["template"].endswith(".csv"))

    def test_bad_share_reports_row_and_imports_nothing(self):
        result = self._import(
            self._csv(bad_row=250, bad_value=(self.building.name, "3/2"))
        )
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        # the bad row (0-based 249 = line 251 of the file) is named with its reason
        bad = [m for m in errors if m["record"] == 249]
        self.assertEqual(len(bad), 1)
        self.assertIn("at most 1", bad[0]["message"])
        self.assertEqual(self._imported(), 0)

    @mute_logger("odoo.sql_db")
    def test_unknown_building_reported_then_good_rows_only_on_request(self):
        content = self._csv(bad_row=17, bad_value=("No Such Street 9", "1/1000"))
        result = self._import(content)
        self.assertFalse(result["ids"])
        self.assertEqual(self._imported(), 0)
        self.assertIn("No Such Street 9", result["messages"][0]["message"])
        # the user chooses to import the good rows and skip the bad one
        result = self._import(content, import_skip_records=["building_id"])
        self.assertEqual(len(result["ids"]), 499)
        self.assertEqual(self._imported(), 499)
