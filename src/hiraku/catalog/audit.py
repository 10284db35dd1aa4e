"""Which models are audited: every change to them is recorded by django-auditlog."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.contrib.auth import get_user_model


def register_models() -> None:
    from hiraku.catalog.models import Dataset, License, Membership, Organization, Resource

    auditlog.register(Organization)
    auditlog.register(Membership)
    auditlog.register(License)
    auditlog.register(Dataset, m2m_fields={"tags", "themes"})
    auditlog.register(Resource)
    auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])
