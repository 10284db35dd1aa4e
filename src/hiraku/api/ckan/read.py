"""Read actions: the part of CKAN's API that portals and harvesters use."""

from __future__ import annotations

from django.db.models import Count, Q

from hiraku import __version__
from hiraku.api import access, serializers
from hiraku.api.ckan.errors import NotFoundError, ValidationFailed
from hiraku.api.ckan.params import as_bool, as_int, as_list, require
from hiraku.api.ckan.registry import Context, action
from hiraku.api.ckan.search import package_search as _package_search
from hiraku.catalog import permissions
from hiraku.catalog.models import Dataset, License, Organization, Tag, Theme
from hiraku.errors import NotFound

PUBLIC = Q(datasets__state="active", datasets__private=False)


@action("status_show", side_effect_free=True)
def status_show(context: Context, data: dict) -> dict:
    from django.conf import settings

    return {
        "site_title": settings.SITE_NAME,
        "site_description": "",
        "site_url": context.request.build_absolute_uri("/").rstrip("/"),
        "ckan_version": "2.11.0",
        "hiraku_version": __version__,
        "error_emails_to": None,
        "locale_default": "ja",
        "extensions": ["datastore", "hiraku"],
    }


@action("package_list", side_effect_free=True)
def package_list(context: Context, data: dict) -> list[str]:
    names = Dataset.objects.public().order_by("name").values_list("name", flat=True)
    offset = as_int(data, "offset", 0)
    limit = data.get("limit")
    if limit not in (None, ""):
        return list(names[offset: offset + as_int(data, "limit", 0)])
    return list(names[offset:])


@action("package_show", side_effect_free=True)
def package_show(context: Context, data: dict) -> dict:
    name = require(data, "id", "name_or_id")
    try:
        dataset = access.dataset_or_404(context.request, str(name))
    except NotFound:
        raise NotFoundError("Not found: Dataset not found",
                            message_ja=f"データセット「{name}」はありません。") from None
    return serializers.package_dict(dataset, context.request)


package_search = action("package_search", side_effect_free=True)(_package_search)


@action("resource_show", side_effect_free=True)
def resource_show(context: Context, data: dict) -> dict:
    resource_id = require(data, "id")
    try:
        resource = access.resource_or_404(context.request, str(resource_id))
    except NotFound:
        raise NotFoundError("Not found: Resource was not found.",
                            message_ja=f"リソース「{resource_id}」はありません。") from None
    return serializers.resource_dict(resource, context.request)


def _sorted(queryset, data: dict, default: str = "title asc"):
    sort = str(data.get("sort") or data.get("order_by") or default).strip()
    field, _, direction = sort.partition(" ")
    column = {"name": "name", "title": "title", "package_count": "n"}.get(field)
    if column is None:
        raise ValidationFailed("Invalid sort", fields={"sort": [f"Cannot sort by field `{field}`"]})
    return queryset.order_by(f"-{column}" if direction.strip().lower() == "desc" else column)


@action("organization_list", side_effect_free=True)
def organization_list(context: Context, data: dict):
    organizations = Organization.objects.annotate(n=Count("datasets", filter=PUBLIC))
    names = as_list(data, "organizations")
    if names:
        organizations = organizations.filter(name__in=names)
    organizations = _sorted(organizations, data)
    all_fields = as_bool(data, "all_fields")
    limit = as_int(data, "limit", 25 if all_fields else 1000, maximum=25 if all_fields else 1000)
    offset = as_int(data, "offset", 0)
    page = organizations[offset: offset + limit]
    if not all_fields:
        return [o.name for o in page]
    return [serializers.organization_dict(o, package_count=o.n) for o in page]


@action("organization_show", side_effect_free=True)
def organization_show(context: Context, data: dict) -> dict:
    name = require(data, "id")
    try:
        organization = access.organization_or_404(str(name))
    except NotFound:
        raise NotFoundError("Not found: Organization not found",
                            message_ja=f"組織「{name}」はありません。") from None
    datasets = permissions.visible_datasets(context.user).filter(organization=organization)
    result = serializers.organization_dict(organization, package_count=datasets.count())
    result.update({"users": [], "groups": [], "extras": [], "num_followers": 0, "tags": []})
    if as_bool(data, "include_datasets"):
        page = datasets.select_related("organization", "license").prefetch_related(
            "tags", "themes", "resources__table")[:as_int(data, "rows", 10, maximum=1000)]
        result["packages"] = [serializers.package_dict(d, context.request) for d in page]
    return result


@action("group_list", side_effect_free=True)
def group_list(context: Context, data: dict):
    themes = _sorted(Theme.objects.annotate(n=Count("datasets", filter=PUBLIC)), data,
                     default="name asc")
    all_fields = as_bool(data, "all_fields")
    limit = as_int(data, "limit", 25 if all_fields else 1000, maximum=25 if all_fields else 1000)
    page = themes[as_int(data, "offset", 0):][:limit]
    if not all_fields:
        return [t.name for t in page]
    return [serializers.theme_dict(t, package_count=t.n) for t in page]


@action("group_show", side_effect_free=True)
def group_show(context: Context, data: dict) -> dict:
    name = require(data, "id")
    theme = Theme.objects.annotate(n=Count("datasets", filter=PUBLIC)).filter(name=name).first()
    if theme is None:
        raise NotFoundError("Not found: Group not found",
                            message_ja=f"分類「{name}」はありません。")
    return serializers.theme_dict(theme, package_count=theme.n)


@action("tag_list", side_effect_free=True)
def tag_list(context: Context, data: dict):
    if data.get("vocabulary_id"):
        raise NotFoundError("Not found: Could not find vocabulary")
    tags = Tag.objects.filter(datasets__in=Dataset.objects.public()).distinct().order_by("name")
    query = data.get("query") or data.get("q")
    if query:
        tags = tags.filter(name__icontains=str(query))
    if as_bool(data, "all_fields"):
        return [{"id": t.name, "name": t.name, "display_name": t.name, "vocabulary_id": None}
                for t in tags]
    return [t.name for t in tags]


@action("license_list", side_effect_free=True)
def license_list(context: Context, data: dict):
    return [serializers.license_dict(license) for license in License.objects.all()]


@action("help_show", side_effect_free=True)
def help_show(context: Context, data: dict) -> str:
    from hiraku.api.ckan.registry import ACTIONS

    name = require(data, "name")
    if name not in ACTIONS:
        raise NotFoundError("Not found: Action function not found")
    return (ACTIONS[name].function.__doc__ or "").strip()


