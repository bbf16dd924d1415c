"""Validators for Chinese identifiers: unified social credit codes, ID numbers, phone numbers.

The check-character arithmetic comes from python-stdnum (GB 32100 and GB 11643); these wrappers
turn its exceptions into translated Django validation errors.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
HOTLINE_RE = re.compile(r"^(12351|12333|12348|400\d{7}|800\d{7})$")


def normalize_credit_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    """GB 32100 unified social credit code: 18 characters ending in a check character."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length", params={"count": len(code)},
        )
    try:
        uscc.validate(code)
    except StdnumError as error:
        raise ValidationError(
            _("%(code)s is not a valid unified social credit code (wrong check character or characters)."),
            code="credit_code_invalid", params={"code": code},
        ) from error


# The codes each validator raises, so the API schema lists them among a field's 400 codes
# (unions/api/openapi.py reads `error_codes`; a class validator's single `code` is read as is).
validate_credit_code.error_codes = ("credit_code_length", "credit_code_invalid")


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_id_number(value: str) -> None:
    """GB 11643 resident identity number: 18 characters, birth date and check digit."""
    number = normalize_id_number(value)
    try:
        ric.validate(number)
    except StdnumError as error:
        raise ValidationError(
            _("This is not a valid resident ID number (18 characters with a correct birth date and check digit)."),
            code="id_number_invalid",
        ) from error


validate_id_number.error_codes = ("id_number_invalid",)


def normalize_phone(value: str) -> str:
    phone = re.sub(r"[\s()]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    return phone


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits), a landline with area code, or a service hotline."""
    phone = normalize_phone(value)
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone) or HOTLINE_RE.match(phone)):
        raise ValidationError(
            _("Enter a mobile number of 11 digits or a landline with its area code, e.g. 0818-2345678."),
            code="phone_invalid",
        )


validate_phone.error_codes = ("phone_invalid",)


def mask_id_number(value: str) -> str:
    """Keep the first 6 and last 4 characters: 110101********1234."""
    if not value:
        return ""
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678 for mobiles; the last 4 digits for anything else."""
    if not value:
        return ""
    if len(value) == 11:
        return value[:3] + "****" + value[-4:]
    return "*" * max(len(value) - 4, 0) + value[-4:]
