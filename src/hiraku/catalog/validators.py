"""Field validators shared by models, forms and the API."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# CKAN's rule for dataset and organization names: what harvesters expect in URLs.
NAME_PATTERN = re.compile(r"^[a-z0-9_-]{2,100}$")


def validate_name(value: str) -> None:
    if not NAME_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            _("Use 2 to 100 lower-case letters, digits, '-' or '_' (for example kouen-ichiran)."),
            code="invalid_name",
        )


def validate_lgcode(value: str) -> None:
    from hiraku.jp.lgcode import is_valid

    if value and not is_valid(value):
        raise ValidationError(
            _("Enter a 6-digit local government code with a valid check digit (e.g. 222127)."),
            code="invalid_lgcode",
        )
