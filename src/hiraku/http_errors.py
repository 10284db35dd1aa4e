"""Errors answered by middleware, before any view: one shape for every API and the site.

API paths get JSON readable both by CKAN clients (``success``, ``error.__type``,
``error.message``) and by /api/v1 clients (``error.code``, ``message_ja``, ``message_en``);
site pages get the two messages as plain text.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


def early_error(request: HttpRequest, *, status: int, code: str, ckan_type: str,
                message_ja: str, message_en: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({
            "success": False,
            "error": {"__type": ckan_type, "code": code, "message": message_en,
                      "message_ja": message_ja, "message_en": message_en},
        }, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(f"{message_ja}\n{message_en}\n", status=status,
                        content_type="text/plain; charset=utf-8")
