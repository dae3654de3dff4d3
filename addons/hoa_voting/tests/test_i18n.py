from odoo.tests import TransactionCase, tagged

from odoo.addons.hoa_base.tests.i18n import untranslated_terms


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_string_in_polish_and_ukrainian(self):
        terms, missing = untranslated_terms(self.env, "hoa_voting")
        self.assertGreater(len(terms), 100)
        self.assertEqual(missing, {"pl": [], "uk": []})
