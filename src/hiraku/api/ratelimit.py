"""Rate limits for API clients: anonymous callers per IP address, token holders per token.

Counts live in Django's cache; the default (local memory) counts per process, so with N
processes the effective limit is up to N times higher — configure a shared cache for exact
cluster-wide limits (see README).
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from hiraku.api.auth import api_user
from hiraku.errors import HirakuError
from hiraku.http_errors import API_PREFIX, early_error


def _key(group: str, request: HttpRequest) -> str:
    token = getattr(request, "api_token", None)
    return f"token:{token.pk}" if token is not None else f"ip:{request.META.get('REMOTE_ADDR')}"


def _rate(group: str, request: HttpRequest) -> str | None:
    if getattr(request, "api_token", None) is not None:
        return settings.API_RATE_TOKEN or None
    return settings.API_RATE_ANONYMOUS or None


class ApiRateLimitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path.startswith(API_PREFIX) and not request.path.endswith(("/docs",)):
            with contextlib.suppress(HirakuError):  # the view answers a bad token itself
                api_user(request)
            usage = get_usage(request, group="api", key=_key, rate=_rate, increment=True)
            if usage is not None and usage["should_limit"]:
                retry = max(1, usage["time_left"])
                response = early_error(
                    request, status=429, code="rate-limited", ckan_type="Rate Limit Error",
                    message_ja=f"リクエストが多すぎます。{retry}秒後に再度お試しください。",
                    message_en=f"Too many requests. Retry in {retry} seconds.")
                response["Retry-After"] = str(retry)
                return response
        return self.get_response(request)
