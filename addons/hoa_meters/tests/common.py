from odoo.addons.hoa_base.tests.common import HoaBaseCase


class HoaMetersCase(HoaBaseCase):
    """hoa_base's test community plus norms and a cold-water meter on flat 1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["hoa.meter.norm"].create(
            [
                {
                    "company_id": cls.community.id,
                    "medium": "cold_water",
                    "max_per_day": 0.35,
                    "per_occupant": True,
                },
                {
                    "company_id": cls.community.id,
                    "medium": "heat",
                    "max_per_day": 0.5,
                },
            ]
        )
        # two people live in flat 1, nobody is declared in flat 2
        cls.env["hoa.unit.occupancy"].create(
            {"unit_id": cls.unit.id, "occupant_count": 2, "date_from": "2025-01-01"}
        )
        cls.meter = cls._meter("CW-1", unit=cls.unit, initial_value=100)

    @classmethod
    def _meter(cls, serial, unit=None, medium="cold_water", **vals):
        values = {
            "name": serial,
            "medium": medium,
            "placement": "unit" if unit else "building",
            "unit_id": unit.id if unit else False,
            "building_id": cls.building.id,
            "install_date": "2026-01-01",
            "digits": 5,
        }
        values.update(vals)
        return cls.env["hoa.meter"].create(values)

    def _read(self, meter, date, value, **vals):
        return self.env["hoa.meter.reading"].create(
            {"meter_id": meter.id, "date": date, "value": value, **vals}
        )
