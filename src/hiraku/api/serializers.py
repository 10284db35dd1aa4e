"""Catalog objects as CKAN-shaped dictionaries, shared by the CKAN Action API and /api/v1.

Field names and meanings follow CKAN's package_show / resource_show / organization_show, so
harvesters and `ckanapi` understand them; Hiraku's own fields (English titles, themes,
coverage, standard) are added as top-level keys, as ckanext-scheming does.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hiraku.catalog.models import Dataset, License, Organization, Resource, Theme


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _naive(value) -> str | None:
    # CKAN writes timestamps without a zone (UTC); clients parse them that way.
    return value.astimezone(tz=None).replace(tzinfo=None).isoformat() if value else None


def organization_dict(organization: Organization, *, package_count: int | None = None) -> dict:
    data = {
        "id": str(organization.id),
        "name": organization.name,
        "title": organization.title,
        "title_en": organization.title_en,
        "display_name": organization.title,
        "description": organization.description,
        "description_en": organization.description_en,
        "image_url": "",
        "created": _naive(organization.created),
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "parent": organization.parent.name if organization.parent_id else None,
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def theme_dict(theme: Theme, *, package_count: int | None = None) -> dict:
    data = {
        "id": theme.name,
        "name": theme.name,
        "title": theme.title,
        "title_en": theme.title_en,
        "display_name": theme.title,
        "description": "",
        "image_url": "",
        "type": "group",
        "is_organization": False,
        "state": "active",
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def license_dict(license: License) -> dict:
    return {"id": license.id, "title": license.title, "title_en": license.title_en,
            "url": license.url, "od_conformance": "approved" if license.is_open else "not reviewed",
            "status": "active"}


def resource_dict(resource: Resource, request: HttpRequest | None = None) -> dict:
    url = resource.get_download_url()
    if resource.is_upload and request is not None:
        url = request.build_absolute_uri(url)
    table = getattr(resource, "table", None)  # the reverse one-to-one raises AttributeError
    return {
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "url": url,
        "name": resource.name,
        "name_en": resource.name_en,
        "description": resource.description,
        "description_en": resource.description_en,
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "mimetype_inner": None,
        "hash": resource.sha256,
        "size": resource.size,
        "created": _naive(resource.created),
        "last_modified": _naive(resource.modified),
        "metadata_modified": _naive(resource.modified),
        "url_type": "upload" if resource.is_upload else None,
        "resource_type": None,
        "cache_url": None,
        "cache_last_updated": None,
        "datastore_active": table is not None,
        "position": resource.position,
        "state": "active",
    }


def package_dict(dataset: Dataset, request: HttpRequest | None = None) -> dict[str, Any]:
    license = dataset.license
    resources = list(dataset.resources.all())
    tags = [t.name for t in dataset.tags.all()]
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "title_en": dataset.title_en,
        "notes": dataset.notes,
        "notes_en": dataset.notes_en,
        "version": dataset.version or None,
        "url": dataset.url,
        "author": dataset.author,
        "author_email": dataset.author_email,
        "maintainer": dataset.maintainer,
        "maintainer_email": dataset.maintainer_email,
        "license_id": license.id,
        "license_title": license.title,
        "license_url": license.url,
        "isopen": license.is_open,
        "state": dataset.state,
        "private": dataset.private,
        "type": "dataset",
        "owner_org": str(dataset.organization_id),
        "organization": organization_dict(dataset.organization),
        "creator_user_id": None,
        "metadata_created": _naive(dataset.created),
        "metadata_modified": _naive(dataset.modified),
        "resources": [resource_dict(r, request) for r in resources],
        "num_resources": len(resources),
        "tags": [{"id": name, "name": name, "display_name": name, "state": "active",
                  "vocabulary_id": None} for name in tags],
        "num_tags": len(tags),
        "groups": [theme_dict(theme) for theme in dataset.themes.all()],
        "extras": [],
        "relationships_as_subject": [],
        "relationships_as_object": [],
        "update_frequency": dataset.update_frequency,
        "spatial": dataset.spatial,
        "temporal_start": _iso(dataset.temporal_start),
        "temporal_end": _iso(dataset.temporal_end),
        "conforms_to": dataset.conforms_to,
    }
