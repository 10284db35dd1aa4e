"""Loads the demo catalog through the services, changing only what differs (idempotent)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.db import transaction

from hiraku.catalog import permissions, services
from hiraku.catalog.models import Dataset, Membership, Organization
from hiraku.demo import catalog

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _differs(instance, fields: dict) -> dict:
    return {k: v for k, v in fields.items() if getattr(instance, k) != v}


def _ensure_users(result: DemoResult, with_users: bool):
    User = get_user_model()
    admin = None
    for spec in catalog.USERS:
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            if not with_users:
                continue
            user = User(
                username=spec["username"],
                first_name=spec["first_name"],
                is_staff=True,
                is_superuser=spec["superuser"],
            )
            user.set_password(catalog.DEMO_PASSWORD)
            with set_actor(None):
                user.save()
            result.created.append(f"user:{user.username}")
        result.users.append(user.username)
        if spec["superuser"]:
            admin = user
    return admin


def _ensure_organizations(actor, result: DemoResult) -> None:
    for spec in catalog.ORGANIZATIONS:
        fields = {k: v for k, v in spec.items() if k != "parent"}
        parent = spec.get("parent")
        fields["parent"] = Organization.objects.get(name=parent) if parent else None
        organization = Organization.objects.filter(name=spec["name"]).first()
        if organization is None:
            services.create_organization(actor, **fields)
            result.created.append(f"organization:{spec['name']}")
        elif changes := _differs(organization, fields):
            services.update_organization(actor, organization, **changes)
            result.updated.append(f"organization:{spec['name']}")


def _ensure_memberships(actor) -> None:
    User = get_user_model()
    for spec in catalog.USERS:
        user = User.objects.filter(username=spec["username"]).first()
        for org_name, role in spec["memberships"] if user else []:
            organization = Organization.objects.get(name=org_name)
            current = Membership.objects.filter(user=user, organization=organization).first()
            if current is None or current.role != role:
                services.set_membership(actor, organization, user, role)


def _dataset_fields(spec: dict) -> dict:
    fields = {k: v for k, v in spec.items() if k not in {"tags", "themes", "file", "license"}}
    fields["organization"] = Organization.objects.get(name=spec["organization"])
    fields["license_id"] = spec["license"]
    for key in ("temporal_start", "temporal_end"):
        if key in fields:
            fields[key] = dt.date.fromisoformat(fields[key])
    return fields


def _ensure_dataset(actor, spec: dict, result: DemoResult) -> None:
    fields = _dataset_fields(spec)
    dataset = Dataset.objects.filter(name=spec["name"]).first()
    if dataset is None:
        dataset = services.create_dataset(actor, tags=spec["tags"], themes=spec["themes"], **fields)
        result.created.append(f"dataset:{spec['name']}")
    else:
        changes = _differs(dataset, fields)
        tags_differ = sorted(dataset.tags.values_list("name", flat=True)) != sorted(spec["tags"])
        themes_differ = sorted(dataset.themes.values_list("name", flat=True)) != sorted(
            spec["themes"]
        )
        if changes or tags_differ or themes_differ:
            services.update_dataset(
                actor,
                dataset,
                tags=spec["tags"] if tags_differ else None,
                themes=spec["themes"] if themes_differ else None,
                **changes,
            )
            result.updated.append(f"dataset:{spec['name']}")
    _ensure_resource(actor, dataset, spec["file"], result)


def _ensure_resource(actor, dataset: Dataset, filename: str, result: DemoResult) -> None:
    path = DATA_DIR / filename
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    resource = dataset.resources.filter(filename=filename).first()
    if resource is not None and resource.sha256 == digest:
        return
    with path.open("rb") as handle:
        if resource is None:
            services.add_resource(
                actor, dataset, upload=handle, filename=filename, name=filename.rsplit(".", 1)[0]
            )
            result.created.append(f"resource:{filename}")
        else:
            services.update_resource(actor, resource, upload=handle, filename=filename)
            result.updated.append(f"resource:{filename}")


def load_demo(*, with_users: bool = True) -> DemoResult:
    result = DemoResult()
    with transaction.atomic():
        actor = _ensure_users(result, with_users)
        if actor is None:
            actor = (get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
                     or permissions.SYSTEM)
        _ensure_organizations(actor, result)
        _ensure_memberships(actor)
        for spec in catalog.DATASETS:
            _ensure_dataset(actor, spec, result)
    return result
