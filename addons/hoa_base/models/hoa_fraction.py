"""Exact fractions for shares (udziały) and ownership parts.

Shares are stored as an integer numerator and denominator, so that a community's shares
can be proved to sum to exactly one. Users type them as ``"4523/100000"`` or as a
decimal ``"0.04523"``; both are kept exactly.
"""

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from odoo import _
from odoo.exceptions import ValidationError

MAX_INT = 2**31 - 1  # PostgreSQL integer columns


def parse_fraction(text):
    """Return a Fraction for ``"a/b"`` or a decimal string; raise ValidationError."""
    value = (text or "").strip().replace(" ", "").replace(",", ".")
    try:
        if "/" in value:
            numerator, denominator = value.split("/", 1)
            if not (numerator.isdigit() and denominator.isdigit()):
                raise ValueError(value)
            result = (int(numerator), int(denominator))
            if result[1] == 0:
                raise ValueError(value)
        else:
            decimal = Decimal(value)
            if not decimal.is_finite():
                raise ValueError(value)
            fraction = Fraction(decimal)
            result = (fraction.numerator, fraction.denominator)
    except (ValueError, InvalidOperation) as error:
        raise ValidationError(
            _(
                "'%(value)s' is not a share. Write it as a fraction such as "
                "4523/100000 "
                "or as a decimal number such as 0.04523.",
                value=text,
            )
        ) from error
    if max(result) > MAX_INT:
        raise ValidationError(
            _(
                "The share %(value)s has too many digits; use a smaller denominator.",
                value=text,
            )
        )
    return result


def format_fraction(numerator, denominator):
    if not denominator:
        return ""
    return f"{numerator}/{denominator}"


def as_fraction(numerator, denominator):
    return Fraction(numerator, denominator) if denominator else Fraction(0)


def split_fraction_vals(vals, field_name, numerator_field, denominator_field):
    """Turn a typed fraction in ``vals`` into its stored parts before create/write.

    Done before the record is written (not in the inverse) so that constraints and the
    importer see the real value on the right row.
    """
    if field_name in vals:
        text = vals.pop(field_name)
        numerator, denominator = parse_fraction(text) if text else (0, 0)
        vals[numerator_field] = numerator
        vals[denominator_field] = denominator
    return vals
