"""Generate hoa_meters' demo XML (deterministic).

Run: .venv/bin/python scripts/gen_hoa_meters_demo.py

Meters on every flat and the commercial unit (cold and hot water), a main cold-water
meter per building (units + 3-6 % losses), 12 monthly readings from November 2025 to
October 2026, one replacement, one meter due for verification and three rejected
readings from residents.
"""

import random
import re
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
UNITS_XML = ROOT / "addons" / "hoa_base" / "demo" / "hoa_unit_demo.xml"
OUT = ROOT / "addons" / "hoa_meters" / "demo" / "hoa_meter_demo.xml"
rng = random.Random(1911)

MONTHS = [date(2025, 11, 30), date(2025, 12, 31)] + [
    date(2026, m, d)
    for m, d in [
        (1, 31),
        (2, 28),
        (3, 31),
        (4, 30),
        (5, 31),
        (6, 30),
        (7, 31),
        (8, 31),
        (9, 30),
        (10, 31),
    ]
]
BUILDINGS = {
    "l12": "hoa_base.hoa_building_krakow_l12",
    "l14": "hoa_base.hoa_building_krakow_l14",
    "l7": "hoa_base.hoa_building_kyiv_l7",
}
COMPANIES = ["hoa_base.hoa_company_krakow", "hoa_base.hoa_company_kyiv"]
NORMS = [
    ("cold_water", 0.35, True),
    ("hot_water", 0.2, True),
    ("heat", 0.5, False),
    ("electricity", 30, False),
]


def field(name, value):
    return f'        <field name="{name}">{escape(str(value))}</field>'


def ref(name, xmlid):
    return f'        <field name="{name}" ref="{xmlid}" />'


def record(xmlid, model, *fields):
    return "\n".join(
        [f'    <record id="{xmlid}" model="{model}">', *fields, "    </record>"]
    )


def metered_units():
    """(unit xml id, building key) of flats and commercial units, in file order."""
    text = UNITS_XML.read_text(encoding="utf-8")
    units = []
    pattern = (
        r'<record id="(hoa_unit_(l12|l14|l7)_[^"]+)" model="hoa.unit">(.*?)</record>'
    )
    for match in re.finditer(pattern, text, re.S):
        kind = re.search(r'name="kind">(\w+)<', match.group(3)).group(1)
        if kind in ("flat", "commercial"):
            units.append((match.group(1), match.group(2)))
    return units


def meter_record(
    xmlid,
    serial,
    medium,
    building,
    unit=None,
    order=0,
    initial=0,
    digits=5,
    radio=None,
    install="2025-11-01",
    due="2030-06-30",
    replaced=None,
):
    fields = [
        field("name", serial),
        field("medium", medium),
        ref("building_id", building),
        field("placement", "unit" if unit else "building"),
        field("digits", digits),
        field("install_date", install),
        field("initial_value", f"{initial:.3f}"),
        field("verification_due_date", due),
        field("walking_order", order),
    ]
    if unit:
        fields.append(ref("unit_id", f"hoa_base.{unit}"))
    if radio:
        fields.append(field("radio_id", radio))
    if replaced:
        fields.append(ref("replaced_meter_id", replaced))
    return record(xmlid, "hoa.meter", *fields)


def reading_record(xmlid, meter, day, value, source, **extra):
    fields = [
        ref("meter_id", meter),
        field("date", day.isoformat()),
        field("value", f"{value:.3f}"),
        field("source", source),
    ]
    for name, val in extra.items():
        fields.append(f'        <field name="{name}" eval="{val}" />')
    return record(xmlid, "hoa.meter.reading", *fields)


def main():  # noqa: C901 - one linear recipe
    records = []
    for company in COMPANIES:
        key = company.split("_")[-1]
        for medium, limit, per_occupant in NORMS:
            records.append(
                record(
                    f"hoa_meter_norm_{key}_{medium}",
                    "hoa.meter.norm",
                    ref("company_id", company),
                    field("medium", medium),
                    field("max_per_day", limit),
                    f'        <field name="per_occupant" eval="{per_occupant}" />',
                )
            )
    meters, readings = [], []
    monthly_by_building = {key: [0.0] * len(MONTHS) for key in BUILDINGS}
    serial = 4100000
    walked = dict.fromkeys(BUILDINGS, 0)  # the round goes up each building in turn
    for unit, building_key in metered_units():
        walked[building_key] += 10
        order = walked[building_key]
        for medium, low, high in (("cold_water", 2.0, 4.0), ("hot_water", 1.0, 2.5)):
            serial += 1
            code = "ZW" if medium == "cold_water" else "CW"
            xmlid = f"hoa_meter_{unit[9:]}_{medium}"
            initial = round(rng.uniform(0, 900), 3)
            radio = f"R{serial}" if building_key == "l7" else None
            due = (
                "2026-12-10"
                if unit == "hoa_unit_l14_4" and medium == "cold_water"
                else (f"{rng.choice([2029, 2030])}-{rng.randint(1, 12):02d}-15")
            )
            source = "import" if radio else "caretaker"
            if unit == "hoa_unit_l12_3" and medium == "cold_water":
                meters.append(
                    meter_record(
                        xmlid,
                        f"{code}{serial}",
                        medium,
                        BUILDINGS[building_key],
                        unit,
                        order,
                        initial,
                    )
                )
                value = initial
                for index, day in enumerate(MONTHS[:6]):
                    used = round(rng.uniform(low, high), 3)
                    value += used
                    monthly_by_building[building_key][index] += used
                    readings.append(
                        reading_record(f"{xmlid}_r{index}", xmlid, day, value, source)
                    )
                final_day = date(2026, 5, 15)
                value += 1.2
                monthly_by_building[building_key][6] += 1.2
                readings.append(
                    reading_record(
                        f"{xmlid}_final",
                        xmlid,
                        final_day,
                        value,
                        "office",
                        is_final=True,
                    )
                )
                # after its final reading the meter is removed; a write, not a second
                # <record> with the same id (pylint-odoo: xml-duplicate-record-id)
                readings.append(
                    f'    <function model="hoa.meter" name="write">\n'
                    f"        <value eval=\"[ref('{xmlid}')]\" />\n"
                    f"        <value eval=\"{{'state': 'removed', "
                    f"'removal_date': '{final_day.isoformat()}', "
                    f"'final_value': {value:.3f}}}\" />\n"
                    f"    </function>"
                )
                new = f"{xmlid}_new"
                serial += 1
                readings.append(
                    meter_record(
                        new,
                        f"{code}{serial}",
                        medium,
                        BUILDINGS[building_key],
                        unit,
                        order,
                        0.0,
                        install=final_day.isoformat(),
                        due="2032-05-15",
                        replaced=xmlid,
                    )
                )
                value = 0.0
                for index, day in enumerate(MONTHS[6:], 6):
                    used = round(rng.uniform(low, high), 3)
                    if index == 6:
                        used = round(used / 2, 3)
                    value += used
                    monthly_by_building[building_key][index] += used
                    readings.append(
                        reading_record(f"{new}_r{index}", new, day, value, source)
                    )
                continue
            meters.append(
                meter_record(
                    xmlid,
                    f"{code}{serial}",
                    medium,
                    BUILDINGS[building_key],
                    unit,
                    order,
                    initial,
                    radio=radio,
                    due=due,
                )
            )
            value = initial
            for index, day in enumerate(MONTHS):
                used = round(rng.uniform(low, high), 3)
                value += used
                if medium == "cold_water":
                    monthly_by_building[building_key][index] += used
                readings.append(
                    reading_record(f"{xmlid}_r{index}", xmlid, day, value, source)
                )
    for key, building in BUILDINGS.items():
        xmlid = f"hoa_meter_main_{key}"
        initial = round(rng.uniform(10000, 50000), 3)
        meters.append(
            meter_record(
                xmlid,
                f"GW{key.upper()}001",
                "cold_water",
                building,
                order=0,
                initial=initial,
                digits=6,
            )
        )
        value = initial
        for index, day in enumerate(MONTHS):
            value += monthly_by_building[key][index] * rng.uniform(1.03, 1.06)
            readings.append(
                reading_record(f"{xmlid}_r{index}", xmlid, day, value, "caretaker")
            )
    # three readings from residents that the validation rejects
    for number, (unit, medium, value) in enumerate(
        [
            ("l12_5", "cold_water", 1.0),
            ("l12_8", "hot_water", 5.0),
            ("l14_2", "cold_water", 99999.0),
        ],
        1,
    ):
        meter = f"hoa_meter_{unit}_{medium}"
        readings.append(
            reading_record(
                f"hoa_meter_reading_portal_{number}",
                meter,
                date(2026, 11, 5),
                value,
                "portal",
            )
        )
    body = records + meters + readings
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        '<?xml version="1.0" encoding="utf-8" ?>\n<odoo>\n'
        + "\n".join(body)
        + "\n</odoo>\n",
        encoding="utf-8",
    )
    print(
        f"meters: {len(meters) + 1}, "
        f"readings: {sum('hoa.meter.reading' in r for r in body)}"
    )


if __name__ == "__main__":
    main()
