"""Which models are audited: every change to them is recorded by django-auditlog."""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponseBase

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def register_models() -> None:
    from hiraku.catalog.models import Dataset, License, Membership, Organization, Resource

    auditlog.register(Organization)
    auditlog.register(Membership)
    auditlog.register(License)
    auditlog.register(Dataset, m2m_fields={"tags", "themes"})
    auditlog.register(Resource)
    auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware (actor, address and correlation id of a change), for
    requests that may change something.

    GET, HEAD and OPTIONS change nothing here: the CKAN API refuses them for its write
    actions, and the site's forms post. The catalog services name their actor themselves.
    Skipping these requests saves reading the session's user on every API read, about a
    tenth of a records request's time.
    """

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        return super().__call__(request)
