"""Chinese identifiers: credit codes (GB 32100), ID numbers (GB 11643), phones, masks."""

import pytest
from django.core.exceptions import ValidationError

from unions.validators import (
    mask_id_number,
    mask_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)


def test_valid_credit_code_passes():
    validate_credit_code("91110000600037341L")


@pytest.mark.parametrize("code", ["91110000600037341A", "9111000060003734", "", "91110000600037341L9"])
def test_bad_credit_code_fails_with_message(code):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert "统一社会信用代码" in str(error.value.messages) or "unified social credit code" in str(error.value.messages)


def test_id_number_check_digit():
    validate_id_number("11010519491231002X")
    with pytest.raises(ValidationError):
        validate_id_number("110105194912310021")
    with pytest.raises(ValidationError):
        validate_id_number("110105194913310029")  # month 13


@pytest.mark.parametrize("phone", ["13812345678", "+86 138 1234 5678", "0818-2345678", "12351"])
def test_phones_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "2381234567", "abc", "1381234567"])
def test_phones_rejected(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_masks_hide_the_middle():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
