"""ASVS 2.1: at least 12 characters, common passwords refused, no composition rules, no forced rotation."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def test_a_long_plain_passphrase_is_enough_without_digits_capitals_or_symbols():
    validate_password("correct horse battery staple")
    validate_password("lowercaseonlypassphrase")


@pytest.mark.parametrize("password", ["elevenchars", "password1234", "123456789012"])
def test_short_common_and_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_only_the_allowed_validators_and_no_rotation_setting():
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert names <= {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names
    assert not [s for s in dir(settings) if "PASSWORD" in s and ("EXPIR" in s or "ROTAT" in s or "AGE" in s)]
