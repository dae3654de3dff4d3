import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import HoaBaseCase


class SecurityFixture:
    @classmethod
    def _setup_people(cls):
        cls.krakow = cls.env.ref("hoa_base.hoa_company_krakow")
        cls.kyiv = cls.env.ref("hoa_base.hoa_company_kyiv")
        cls.resident = cls.env.ref("hoa_base.hoa_user_resident")
        cls.own_unit = cls.env.ref("hoa_base.hoa_unit_l12_5")
        cls.neighbour_unit = cls.env.ref("hoa_base.hoa_unit_l12_6")
        cls.kyiv_unit = cls.env.ref("hoa_base.hoa_unit_l7_1")


@tagged("post_install", "-at_install")
class TestRecordRules(HoaBaseCase, SecurityFixture):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_people()

    def test_resident_sees_only_own_unit(self):
        Unit = self.env["hoa.unit"].with_user(self.resident)
        self.assertEqual(Unit.search([]), self.own_unit)
        self.assertEqual(self.own_unit.with_user(self.resident).name, "5")
        with self.assertRaises(AccessError):
            self.neighbour_unit.with_user(self.resident).read(["name"])
        with self.assertRaises(AccessError):
            self.own_unit.with_user(self.resident).write({"area_usable": 1})

    def test_resident_cannot_read_other_community(self):
        env = self.env(user=self.resident)
        for model in (
            "hoa.building",
            "hoa.unit",
            "hoa.unit.ownership",
            "hoa.unit.occupancy",
            "hoa.board.member",
            "hoa.document",
        ):
            records = env[model].search([])
            self.assertNotIn(self.kyiv, records.company_id, model)
            other = self.env[model].search([("company_id", "=", self.kyiv.id)], limit=1)
            self.assertTrue(other, model)
            with self.assertRaises(AccessError, msg=model):
                other.with_user(self.resident).read(["display_name"])

    def test_resident_sees_owners_documents_not_board_ones(self):
        documents = self.env["hoa.document"].with_user(self.resident).search([])
        # the owners' documents of his community (and, with hoa_portal, its public
        # ones): never the board's or the office's, never another community's
        self.assertIn(self.env.ref("hoa_base.hoa_document_krakow_statute"), documents)
        self.assertEqual(
            set(documents.sudo().mapped("visibility")) - {"owners", "public"}, set()
        )
        self.assertEqual(documents.sudo().company_id, self.krakow)

    def test_board_member_sees_whole_community_only(self):
        board = self.env.ref("hoa_base.hoa_user_board")
        units = self.env["hoa.unit"].with_user(board).search([])
        self.assertEqual(units, self.krakow.hoa_unit_ids)
        documents = self.env["hoa.document"].with_user(board).search([])
        self.assertIn(self.env.ref("hoa_base.hoa_document_krakow_insurance"), documents)
        self.assertNotIn(
            self.env.ref("hoa_base.hoa_document_krakow_contract"), documents
        )

    def test_caretaker_cannot_read_financial_or_personal_fields(self):
        caretaker = self.env.ref("hoa_base.hoa_user_caretaker")
        unit = self.own_unit.with_user(caretaker)
        self.assertEqual(unit.name, "5")
        with self.assertRaises(AccessError):
            unit.read(["virtual_account"])
        with self.assertRaises(AccessError):
            self.own_unit.payer_id.with_user(caretaker).read(["hoa_national_id"])
        # nor the registry of named residents (office staff only)
        with self.assertRaises(AccessError):
            self.env["hoa.unit.resident"].with_user(caretaker).search([])
        with self.assertRaises(AccessError):
            self.env["hoa.unit.resident"].with_user(self.resident).search([])
        # only the buildings he looks after
        self.assertEqual(
            self.env["hoa.building"].with_user(caretaker).search([]),
            self.env.ref("hoa_base.hoa_building_krakow_l12"),
        )

    def test_accountant_switches_between_assigned_communities_only(self):
        accountant = new_test_user(
            self.env,
            login="acc_test",
            groups="base.group_user,hoa_base.group_hoa_accountant",
            company_id=self.krakow.id,
            company_ids=[(6, 0, [self.krakow.id])],
        )
        units = self.env["hoa.unit"].with_user(accountant).search([])
        self.assertEqual(units.company_id, self.krakow)
        with self.assertRaises(AccessError):
            self.kyiv_unit.with_user(accountant).read(["name"])


@tagged("post_install", "-at_install")
class TestJsonRpcAccess(HttpCase, SecurityFixture):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_people()

    def _rpc(self, service, method, *args):
        response = self.url_open(
            "/jsonrpc",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"service": service, "method": method, "args": args},
                    "id": 1,
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _read(self, login, password, model, ids, fields):
        uid = self._rpc("common", "login", self.env.cr.dbname, login, password)[
            "result"
        ]
        self.assertTrue(uid)
        return self._rpc(
            "object",
            "execute_kw",
            self.env.cr.dbname,
            uid,
            password,
            model,
            "read",
            [ids],
            {"fields": fields},
        )

    def test_resident_reads_own_unit_only(self):
        result = self._read(
            "resident", "resident", "hoa.unit", [self.own_unit.id], ["name"]
        )
        self.assertEqual(result["result"][0]["name"], "5")
        for unit in (self.neighbour_unit, self.kyiv_unit):
            result = self._read("resident", "resident", "hoa.unit", [unit.id], ["name"])
            self.assertIn("error", result)
            self.assertIn("AccessError", result["error"]["data"]["name"])

    def test_caretaker_cannot_read_virtual_account(self):
        result = self._read(
            "caretaker",
            "caretaker",
            "hoa.unit",
            [self.own_unit.id],
            ["virtual_account"],
        )
        self.assertIn("error", result)
        result = self._read(
            "caretaker", "caretaker", "hoa.unit", [self.own_unit.id], ["area_usable"]
        )
        self.assertEqual(len(result["result"]), 1)
