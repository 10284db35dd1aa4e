"""Refuse text containing NUL characters before it reaches a database.

PostgreSQL text cannot hold U+0000 (SQLite can), so a NUL in a query parameter would pass on
one database and fail with a server error on the other. No legitimate search term, filter or
form field contains one. API clients get a bilingual 400 that names the problem; the public
site drops the character and shows the page, as it does for other unreadable input.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse, QueryDict

from hiraku.http_errors import API_PREFIX, early_error

MESSAGE_JA = "リクエストに NUL 文字（U+0000）が含まれています。取り除いてから再度お試しください。"
MESSAGE_EN = "The request contains a NUL character (U+0000); remove it and try again."


def contains_nul(value: object) -> bool:
    """True when a string anywhere in a decoded JSON-like value holds U+0000."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(v) for v in value)
    return False


def _query_has_nul(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in pairs)


def _without_nul(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    cleaned._mutable = False
    return cleaned


class RejectNulMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return self._refuse(request)
        if _query_has_nul(request.GET.lists()):
            if request.path.startswith(API_PREFIX):
                return self._refuse(request)
            request.GET = _without_nul(request.GET)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        return early_error(request, status=400, code="nul-character", ckan_type="Bad Request",
                           message_ja=MESSAGE_JA, message_en=MESSAGE_EN)
