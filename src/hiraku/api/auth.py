"""Who is calling the API: a token in `Authorization` (CKAN style, optionally `Bearer`) or
`X-CKAN-API-Key`, else the session of a logged-in staff member, else anonymous."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from hiraku.api.models import ApiToken, hash_token
from hiraku.errors import NotAllowed


def _presented_token(request: HttpRequest) -> str | None:
    for header in ("HTTP_AUTHORIZATION", "HTTP_X_CKAN_API_KEY"):
        value = request.META.get(header, "").strip()
        if value:
            return value.removeprefix("Bearer ").removeprefix("bearer ").strip()
    return None


def api_user(request: HttpRequest):
    """The user behind a request (cached on it). A wrong or expired token is refused outright
    rather than treated as anonymous, so a client notices its mistake."""
    if hasattr(request, "_api_user"):
        return request._api_user
    secret = _presented_token(request)
    user = getattr(request, "user", None) or AnonymousUser()
    request.api_token = None
    if secret:
        token = (ApiToken.objects.select_related("user")
                 .filter(digest=hash_token(secret)).first())
        now = timezone.now()
        if token is None or not token.user.is_active or (token.expires and token.expires < now):
            raise NotAllowed("API トークンが正しくないか、期限が切れています。",
                             "The API token is not valid or has expired.", code="bad-token")
        if token.last_used is None or (now - token.last_used).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        user = token.user
        request.api_token = token
    request._api_user = user
    return user
