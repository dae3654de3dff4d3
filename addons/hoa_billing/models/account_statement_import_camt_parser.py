from odoo import models


class AccountStatementImportCamtParser(models.AbstractModel):
    _inherit = "account.statement.import.camt.parser"

    def parse_transaction_details(self, ns, node, transaction):
        """Also the account credited by an incoming payment (CdtrAcct): at banks with
        virtual accounts, the payer's virtual account of the community."""
        result = super().parse_transaction_details(ns, node, transaction)
        indicator = node.xpath("../../ns:CdtDbtInd", namespaces={"ns": ns})
        if indicator and indicator[0].text == "CRDT":
            self.add_value_from_node(
                ns,
                node,
                [
                    "./ns:RltdPties/ns:CdtrAcct/ns:Id/ns:IBAN",
                    "./ns:RltdPties/ns:CdtrAcct/ns:Id/ns:Othr/ns:Id",
                ],
                transaction,
                "hoa_virtual_account",
            )
        return result
