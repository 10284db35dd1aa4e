"""The Content-Security-Policy headers, built once per process when nothing varies them."""

from __future__ import annotations

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

# What django-csp's decorators (csp_exempt, csp_update, csp_replace, …) set on a response.
_PER_RESPONSE = ("_csp_exempt", "_csp_exempt_ro", "_csp_config", "_csp_config_ro",
                 "_csp_update", "_csp_update_ro", "_csp_replace", "_csp_replace_ro")


@functools.cache
def _fixed_headers() -> tuple[tuple[str, str], ...] | None:
    """The headers from the settings alone, or None when URL prefixes make them vary."""
    policies = ((HEADER, "CONTENT_SECURITY_POLICY", False),
                (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True))
    if any((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
           for _, name, _ in policies):
        return None
    built = ((header, build_policy(report_only=report_only))
             for header, _, report_only in policies)
    return tuple((header, value) for header, value in built if value)


@receiver(setting_changed)
def _forget_headers(*, setting: str, **_: object) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _fixed_headers.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, without rebuilding the same policy text for every response.

    Hiraku draws no nonces and sets no per-view policies, so its headers depend on the
    settings alone; building them each time cost about a tenth of a data API request.
    A response that does vary (a nonce was drawn, a decorator was used, a debug page) goes
    through django-csp unchanged.
    """

    def process_response(self, request: HttpRequest,
                         response: HttpResponseBase) -> HttpResponseBase:
        headers = _fixed_headers()
        varies = (headers is None or getattr(request, "_csp_nonce", None) is not None
                  or settings.DEBUG or any(hasattr(response, name) for name in _PER_RESPONSE))
        if varies:
            return super().process_response(request, response)
        for header, value in headers:
            if header not in response:
                response[header] = value
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

