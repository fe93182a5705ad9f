"""Validation of Norwegian organisation numbers (Brønnøysundregistrene's modulus 11 rule)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_number_is_valid(value: str) -> bool:
    """Nine digits whose last is the mod-11 check digit of the first eight.

    The check digit is 11 - (sum of digit × weight 3,2,7,6,5,4,3,2) mod 11; a remainder of 0
    gives check digit 0, and a remainder of 1 (check digit 10) means no valid number exists.
    """
    if len(value) != 9 or not value.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(value[:8], WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(value[8])


def validate_org_number(value: str) -> None:
    """Refuse anything but a valid organisation number (spaces are allowed and ignored)."""
    digits = value.replace(" ", "")
    if not digits:
        return
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(
            _("Organisasjonsnummeret må ha ni siffer (du skrev «%(value)s»).") % {"value": value},
            code="format",
        )
    if not org_number_is_valid(digits):
        raise ValidationError(
            _(
                "Organisasjonsnummeret %(value)s er ikke gyldig: kontrollsifferet stemmer ikke. "
                "Sjekk nummeret i Enhetsregisteret."
            )
            % {"value": digits},
            code="checksum",
        )
