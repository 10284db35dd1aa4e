"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict:
    english = (get_language() or "ja").startswith("en")
    return {"site_name": settings.SITE_NAME_EN if english else settings.SITE_NAME}
