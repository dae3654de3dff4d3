"""Generate hoa_base's demo XML (deterministic).

Run: .venv/bin/python scripts/gen_hoa_base_demo.py

Shares are each unit's usable area over the community's total usable area, in hundredths
of m², so every community's shares sum to exactly 1 by construction.
"""

import random
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "addons" / "hoa_base" / "demo"
rng = random.Random(2026)

PL_FIRST = [
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Elżbieta",
    "Zofia",
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Jan",
    "Michał",
    "Marcin",
    "Stanisław",
    "Jerzy",
    "Józef",
    "Tadeusz",
]
PL_LAST_M = [
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Kwiatkowski",
    "Krawczyk",
    "Piotrowski",
    "Grabowski",
]
UA_FIRST = [
    "Олена",
    "Ірина",
    "Наталія",
    "Тетяна",
    "Оксана",
    "Світлана",
    "Андрій",
    "Олександр",
    "Сергій",
    "Володимир",
    "Дмитро",
    "Микола",
    "Юрій",
    "Василь",
]
UA_LAST = [
    "Шевченко",
    "Бойко",
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Олійник",
    "Шевчук",
    "Поліщук",
    "Лисенко",
    "Мельник",
    "Савченко",
    "Руденко",
]
TRANSLIT = str.maketrans(
    {
        "ą": "a",
        "ć": "c",
        "ę": "e",
        "ł": "l",
        "ń": "n",
        "ó": "o",
        "ś": "s",
        "ź": "z",
        "ż": "z",
        "Ł": "L",
        "Ś": "S",
        "Ż": "Z",
    }
)
UA_TRANSLIT = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "iu",
            "ia",
        ],
        strict=False,
    )
)


def pl_name(female):
    first = rng.choice(PL_FIRST[:10] if female else PL_FIRST[10:])
    last = rng.choice(PL_LAST_M)
    if female and last.endswith("ski"):
        last = last[:-1] + "a"
    return f"{first} {last}"


def email_of(name, domain):
    text = name.lower()
    text = "".join(UA_TRANSLIT.get(ch, ch) for ch in text).translate(TRANSLIT)
    return "{}@{}".format(text.replace(" ", "."), domain)


def field(name, value):
    return f'        <field name="{name}">{escape(str(value))}</field>'


def ref(name, xmlid):
    return f'        <field name="{name}" ref="{xmlid}" />'


def record(xmlid, model, *fields):
    return "\n".join(
        [
            f'    <record id="{xmlid}" model="{model}">',
            *fields,
            "    </record>",
        ]
    )


def doc(records):
    return '<?xml version="1.0" encoding="utf-8" ?>\n<odoo>\n{}\n</odoo>\n'.format(
        "\n".join(records)
    )


def build_units(prefix, specs):
    """specs: (building_xmlid, number, staircase, floor, kind, area, extra, rooms)."""
    total = sum(round(s[5] * 100) for s in specs)
    units = []
    for spec in specs:
        building, number, staircase, floor, kind, area, extra, rooms = spec
        xmlid = "{}_{}_{}".format(prefix, building.split("_")[-1], number.lower())
        units.append(
            dict(
                xmlid=xmlid,
                building=building,
                number=number,
                staircase=staircase,
                floor=floor,
                kind=kind,
                area=area,
                extra=extra,
                rooms=rooms,
                num=round(area * 100),
                den=total,
            )
        )
    assert sum(u["num"] for u in units) == total
    return units


def unit_record(unit, land_register, separately=True):
    fields = [
        field("name", unit["number"]),
        ref("building_id", unit["building"]),
        field("kind", unit["kind"]),
        field("area_usable", "{:.2f}".format(unit["area"])),
        field("area_additional", "{:.2f}".format(unit["extra"])),
        field("room_count", unit["rooms"]),
        field("floor", unit["floor"]),
        field("share_numerator", unit["num"]),
        field("share_denominator", unit["den"]),
        field("date_start", "2015-01-01"),
    ]
    if unit["staircase"]:
        fields.append(field("staircase", unit["staircase"]))
    if land_register:
        fields.append(field("land_register", land_register))
    if not separately:
        fields.append('        <field name="is_separately_owned" eval="False" />')
    return record(unit["xmlid"], "hoa.unit", *fields)


def main():  # noqa: C901 - one linear recipe, easier to read in one piece
    units_xml = []
    # --- the Polish community in Kraków ---
    specs = []
    for number in range(1, 25):  # ul. Lea 12: 4 floors x 6 flats, 2 staircases
        floor = (number - 1) // 6 + 1
        specs.append(
            (
                "hoa_building_krakow_l12",
                str(number),
                "A" if number % 6 in (1, 2, 3) else "B",
                floor,
                "flat",
                rng.choice([38.4, 42.15, 48.7, 52.3, 61.05, 73.9]),
                rng.choice([0, 0, 2.5, 3.2]),
                rng.choice([1, 2, 2, 3, 3, 4]),
            )
        )
    specs.append(("hoa_building_krakow_l12", "U1", "A", 0, "commercial", 96.4, 12.0, 3))
    for number in range(1, 19):  # ul. Lea 14: 3 floors x 6 flats
        floor = (number - 1) // 6 + 1
        specs.append(
            (
                "hoa_building_krakow_l14",
                str(number),
                "",
                floor,
                "flat",
                rng.choice([35.2, 44.8, 50.15, 57.6, 66.3]),
                rng.choice([0, 2.1]),
                rng.choice([1, 2, 3, 3]),
            )
        )
    for number in range(1, 7):
        specs.append(
            ("hoa_building_krakow_l14", f"G{number}", "", -1, "garage", 18.0, 0, 0)
        )
    specs.append(("hoa_building_krakow_l14", "K1", "", -1, "storage", 6.5, 0, 0))
    kr_units = build_units("hoa_unit", specs)

    # --- the Ukrainian OSBB in Kyiv ---
    specs = []
    for number in range(1, 61):  # вул. Липська, 7: 10 floors x 6 flats, 2 entrances
        floor = (number - 1) // 6 + 1
        specs.append(
            (
                "hoa_building_kyiv_l7",
                str(number),
                "1" if number <= 30 else "2",
                floor,
                "flat",
                rng.choice([34.6, 45.2, 52.8, 63.4, 71.9, 84.1]),
                0,
                rng.choice([1, 2, 2, 3, 3, 4]),
            )
        )
    kv_units = build_units("hoa_unit", specs)

    partners, ownership, occupancy = [], [], []
    owner_seq = 0

    def partner(name, email, lang, country, city, with_email=True):
        nonlocal owner_seq
        owner_seq += 1
        xmlid = f"hoa_partner_owner_{owner_seq:03d}"
        fields = [
            field("name", name),
            ref("country_id", country),
            field("city", city),
            field("lang", lang),
        ]
        if with_email:
            fields.append(field("email", email))
        else:
            fields.append(field("hoa_communication", "paper"))
        partners.append(record(xmlid, "res.partner", *fields))
        return xmlid

    def own(
        unit,
        partner_xmlid,
        role="owner",
        fraction=(1, 1),
        payer=True,
        date_from="2015-01-01",
        date_to=None,
        suffix="",
    ):
        xmlid = "hoa_ownership_{}{}".format(unit["xmlid"][9:], suffix)
        fields = [
            ref("unit_id", unit["xmlid"]),
            ref("partner_id", partner_xmlid),
            field("role", role),
            field("fraction_numerator", fraction[0]),
            field("fraction_denominator", fraction[1]),
            f'        <field name="is_payer" eval="{payer}" />',
            field("date_from", date_from),
        ]
        if date_to:
            fields.append(field("date_to", date_to))
        ownership.append(record(xmlid, "hoa.unit.ownership", *fields))

    def occupants(unit, count):
        occupancy.append(
            record(
                "hoa_occupancy_{}".format(unit["xmlid"][9:]),
                "hoa.unit.occupancy",
                ref("unit_id", unit["xmlid"]),
                field("occupant_count", count),
                field("date_from", "2026-01-01"),
                field("source", "declaration"),
            )
        )

    for index, unit in enumerate(kr_units):
        if unit["kind"] == "storage":  # still the developer's
            pid = "hoa_partner_developer"
            partners.append(
                record(
                    pid,
                    "res.partner",
                    field("name", "Lea Inwest sp. z o.o."),
                    '        <field name="is_company" eval="True" />',
                    ref("country_id", "base.pl"),
                    field("city", "Kraków"),
                    field("email", "sprzedaz@lea-inwest.example.com"),
                    field("lang", "pl_PL"),
                )
            )
            own(unit, pid)
            continue
        if unit["kind"] == "commercial":
            pid = "hoa_partner_bakery"
            partners.append(
                record(
                    pid,
                    "res.partner",
                    field("name", "Piekarnia Lea sp. z o.o."),
                    '        <field name="is_company" eval="True" />',
                    field("vat", "PL6762458717"),
                    ref("country_id", "base.pl"),
                    field("city", "Kraków"),
                    field("email", "biuro@piekarnia-lea.example.com"),
                    field("lang", "pl_PL"),
                )
            )
            own(unit, pid)
            continue
        female = index % 2 == 0
        name = pl_name(female)
        pid = partner(
            name,
            email_of(name, "example.pl"),
            "pl_PL",
            "base.pl",
            "Kraków",
            with_email=index % 7 != 3,
        )
        if unit["xmlid"] == "hoa_unit_l12_7":  # change of owner on 1 June 2026
            new = pl_name(False)
            nid = partner(
                new, email_of(new, "example.pl"), "pl_PL", "base.pl", "Kraków"
            )
            own(unit, pid, date_to="2026-05-31")
            own(unit, nid, date_from="2026-06-01", suffix="_new")
        elif (
            unit["kind"] == "flat" and index % 5 == 1
        ):  # co-owned flat: spouses, 1/2 each
            last = name.split()[1]
            if female and last.endswith("ska"):
                last = last[:-1] + "i"
            spouse = f"{rng.choice(PL_FIRST[10:] if female else PL_FIRST[:10])} {last}"
            sid = partner(
                spouse, email_of(spouse, "example.pl"), "pl_PL", "base.pl", "Kraków"
            )
            own(unit, pid, "co_owner", (1, 2), True)
            own(unit, sid, "co_owner", (1, 2), False, suffix="_2")
        else:
            own(unit, pid)
        if unit["kind"] == "flat":
            occupants(unit, rng.choice([1, 1, 2, 2, 3, 4]))
    for index, unit in enumerate(kv_units):
        female = index % 2 == 1
        first = rng.choice(UA_FIRST[:6] if female else UA_FIRST[6:])
        last = rng.choice(UA_LAST)
        name = f"{first} {last}"
        pid = partner(
            name,
            email_of(name, "example.ua"),
            "uk_UA",
            "base.ua",
            "Київ",
            with_email=index % 6 != 4,
        )
        own(unit, pid)
        occupants(unit, rng.choice([1, 2, 2, 3, 3, 4, 5]))

    for unit in kr_units:
        separately = unit["kind"] != "storage"
        units_xml.append(
            unit_record(
                unit,
                f"KR1P/00{100000 + len(units_xml):06d}/{len(units_xml) % 10}",
                separately,
            )
        )
    for unit in kv_units:
        units_xml.append(unit_record(unit, None))

    body = units_xml + partners + ownership + occupancy
    # The "board" login co-owns Lea 14/2; the "resident" login owns Lea 12/5.
    (OUT / "hoa_unit_demo.xml").write_text(doc(body), encoding="utf-8")
    print(f"units: Kraków {len(kr_units)}, Kyiv {len(kv_units)}; owners {owner_seq}")


if __name__ == "__main__":
    main()
