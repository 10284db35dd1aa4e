"""Write actions, with API tokens and per-organization permissions (through the services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from hiraku.api import access, serializers
from hiraku.api.ckan.errors import NotAuthorizedError, NotFoundError, ValidationFailed
from hiraku.api.ckan.params import as_bool, as_int, require
from hiraku.api.ckan.registry import Context, action
from hiraku.catalog import services
from hiraku.catalog.models import Dataset, Organization, Resource
from hiraku.errors import NotFound

DATASET_KEYS = {"name", "title", "title_en", "notes", "notes_en", "author", "author_email",
                "maintainer", "maintainer_email", "url", "version", "update_frequency",
                "spatial", "conforms_to"}
ORG_KEYS = {"name", "title", "title_en", "description", "description_en"}
RESOURCE_KEYS = {"name", "name_en", "description", "description_en", "format"}


def _signed_in(context: Context) -> None:
    if not (context.user and context.user.is_authenticated):
        raise NotAuthorizedError("Access denied: an API token is needed to change data",
                                 message_ja="データを変更するには API トークンが必要です。")


def _organization(value: Any) -> Organization:
    try:
        return access.organization_or_404(str(value))
    except NotFound:
        raise ValidationFailed("Organization does not exist", message_ja="組織がありません。",
                               fields={"owner_org": ["Organization does not exist"]}) from None


def _date(value: Any, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValidationFailed(f"Invalid date: {key}", fields={key: ["Invalid date"]}) from None


def _given_id(data: dict) -> dict[str, Any]:
    """An id from the caller, kept on create (ckanapi load copies catalogs with their ids)."""
    key = access._uuid(str(data.get("id") or ""))
    return {"id": key} if key else {}


def _dataset_fields(data: dict, *, partial: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key in DATASET_KEYS:
        if key in data:
            fields[key] = "" if data[key] is None else str(data[key])
        elif not partial and key not in ("name", "title"):
            fields[key] = ""
    if "owner_org" in data:
        fields["organization"] = _organization(data["owner_org"])
    if "license_id" in data or not partial:
        fields["license_id"] = data.get("license_id") or "cc-by-4.0"
    if "private" in data or not partial:
        fields["private"] = as_bool(data, "private", False)
    for key in ("temporal_start", "temporal_end"):
        if key in data or not partial:
            fields[key] = _date(data.get(key), key)
    return fields


def _tags(data: dict) -> list[str] | None:
    if "tags" not in data:
        return None
    tags = data["tags"] or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    return [t["name"] if isinstance(t, dict) else str(t) for t in tags]


def _groups(data: dict) -> list[str] | None:
    if "groups" not in data:
        return None
    from hiraku.catalog.models import Theme

    names = [g["name"] if isinstance(g, dict) else str(g) for g in data["groups"] or []]
    known = set(Theme.objects.filter(name__in=names).values_list("name", flat=True))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValidationFailed("Group does not exist", fields={"groups": [
            f"Group {n} does not exist" for n in unknown]})
    return names


def _dataset_for_write(context: Context, data: dict) -> Dataset:
    name = require(data, "id", "name")
    key = access._uuid(str(name))
    dataset = Dataset.objects.filter(**({"pk": key} if key else {"name": name})).first()
    if dataset is None:
        raise NotFoundError("Not found: Dataset not found")
    return dataset


def _sync_resources(context: Context, dataset: Dataset, items: list[dict]) -> None:
    """package_update's resource list: keep listed ones (by id), add new, drop the rest."""
    keep = set()
    for position, item in enumerate(items):
        fields = {k: str(item[k]) for k in RESOURCE_KEYS if item.get(k) is not None}
        fields["position"] = position
        existing = Resource.objects.filter(pk=access._uuid(str(item.get("id", ""))),
                                           dataset=dataset).first() if item.get("id") else None
        if existing is not None:
            if not existing.is_upload and item.get("url"):
                fields["url"] = str(item["url"])
            services.update_resource(context.user, existing, **fields)
            keep.add(existing.pk)
        else:
            url = str(item.get("url") or "")
            created = services.add_resource(context.user, dataset, url=url, **fields,
                                            **_given_id(item))
            keep.add(created.pk)
    for resource in dataset.resources.exclude(pk__in=keep):
        services.delete_resource(context.user, resource)


def _show(context: Context, dataset: Dataset) -> dict:
    dataset = access.dataset_or_404(context.request, str(dataset.pk))
    return serializers.package_dict(dataset, context.request)


@action("package_create")
def package_create(context: Context, data: dict) -> dict:
    _signed_in(context)
    fields = _dataset_fields(data, partial=False)
    fields["name"] = str(require(data, "name"))
    fields["title"] = str(data.get("title") or fields["name"])
    if "organization" not in fields:
        raise ValidationFailed("Missing value", fields={"owner_org": ["Missing value"]})
    with transaction.atomic():
        dataset = services.create_dataset(context.user, tags=_tags(data) or [],
                                          themes=_groups(data) or [], **fields,
                                          **_given_id(data))
        if data.get("resources"):
            _sync_resources(context, dataset, list(data["resources"]))
    return _show(context, dataset)


@action("package_update")
def package_update(context: Context, data: dict) -> dict:
    _signed_in(context)
    dataset = _dataset_for_write(context, data)
    fields = _dataset_fields(data, partial=False)
    fields.setdefault("name", dataset.name)
    fields["title"] = str(data.get("title") or dataset.title)
    with transaction.atomic():
        services.update_dataset(context.user, dataset, tags=_tags(data) or [],
                                themes=_groups(data) or [], **fields)
        if "resources" in data:
            _sync_resources(context, dataset, list(data["resources"] or []))
    return _show(context, dataset)


@action("package_patch")
def package_patch(context: Context, data: dict) -> dict:
    _signed_in(context)
    dataset = _dataset_for_write(context, data)
    fields = _dataset_fields({k: v for k, v in data.items() if k != "id"}, partial=True)
    with transaction.atomic():
        services.update_dataset(context.user, dataset, tags=_tags(data), themes=_groups(data),
                                **fields)
        if "resources" in data:
            _sync_resources(context, dataset, list(data["resources"] or []))
    return _show(context, dataset)


@action("package_delete")
def package_delete(context: Context, data: dict) -> None:
    _signed_in(context)
    services.delete_dataset(context.user, _dataset_for_write(context, data))
    return None


def _upload(data: dict) -> UploadedFile | None:
    upload = data.get("upload")
    return upload if isinstance(upload, UploadedFile) else None


@action("resource_create")
def resource_create(context: Context, data: dict) -> dict:
    _signed_in(context)
    dataset = _dataset_for_write(context, {"id": require(data, "package_id")})
    fields = {k: str(data[k]) for k in RESOURCE_KEYS if data.get(k) is not None}
    upload = _upload(data)
    if upload is None:
        fields["url"] = str(data.get("url") or "")
    if "position" in data:
        fields["position"] = as_int(data, "position", 0)
    resource = services.add_resource(context.user, dataset, upload=upload,
                                     filename=upload.name if upload else "", **fields)
    return serializers.resource_dict(resource, context.request)


def _resource_for_write(data: dict) -> Resource:
    resource_id = require(data, "id")
    resource = Resource.objects.select_related("dataset").filter(
        pk=access._uuid(str(resource_id))).first()
    if resource is None:
        raise NotFoundError("Not found: Resource was not found.")
    return resource


def _resource_change(context: Context, data: dict) -> dict:
    _signed_in(context)
    resource = _resource_for_write(data)
    fields = {k: str(data[k]) for k in RESOURCE_KEYS if data.get(k) is not None}
    upload = _upload(data)
    if upload is None and data.get("url") and not resource.is_upload:
        fields["url"] = str(data["url"])
    services.update_resource(context.user, resource, upload=upload,
                             filename=upload.name if upload else "", **fields)
    resource.refresh_from_db()
    return serializers.resource_dict(resource, context.request)


resource_update = action("resource_update")(_resource_change)
resource_patch = action("resource_patch")(_resource_change)


@action("resource_delete")
def resource_delete(context: Context, data: dict) -> None:
    _signed_in(context)
    services.delete_resource(context.user, _resource_for_write(data))
    return None


def _organization_fields(data: dict, *, partial: bool) -> dict[str, Any]:
    fields = {k: str(data[k]) for k in ORG_KEYS if data.get(k) is not None}
    if not partial:
        for key in ORG_KEYS - {"name", "title"}:
            fields.setdefault(key, "")
    return fields


@action("organization_create")
def organization_create(context: Context, data: dict) -> dict:
    _signed_in(context)
    fields = _organization_fields(data, partial=False)
    fields["name"] = str(require(data, "name"))
    fields.setdefault("title", fields["name"])
    organization = services.create_organization(context.user, **fields, **_given_id(data))
    return serializers.organization_dict(organization, package_count=0)


def _organization_for_write(data: dict) -> Organization:
    try:
        return access.organization_or_404(str(require(data, "id")))
    except NotFound:
        raise NotFoundError("Not found: Organization was not found.") from None


@action("organization_update")
def organization_update(context: Context, data: dict) -> dict:
    _signed_in(context)
    organization = _organization_for_write(data)
    fields = _organization_fields(data, partial=False)
    fields.setdefault("name", organization.name)
    fields.setdefault("title", organization.title)
    services.update_organization(context.user, organization, **fields)
    return serializers.organization_dict(organization)


@action("organization_patch")
def organization_patch(context: Context, data: dict) -> dict:
    _signed_in(context)
    organization = _organization_for_write(data)
    services.update_organization(context.user, organization,
                                 **_organization_fields(data, partial=True))
    return serializers.organization_dict(organization)


@action("organization_delete")
def organization_delete(context: Context, data: dict) -> None:
    _signed_in(context)
    services.delete_organization(context.user, _organization_for_write(data))
    return None
