"""Template helpers for the public site."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, code: str) -> str:
    """The current page in another language (Japanese has no prefix, English lives under /en/)."""
    request = context["request"]
    return translate_url(request.get_full_path(), code)


@register.simple_tag
def bilingual(ja: str, en: str) -> str:
    return en if en and (get_language() or "ja").startswith("en") else ja


@register.simple_tag(takes_context=True)
def query_with(context, key: str, value: str, *, toggle: bool = False) -> str:
    """The current query string with one parameter added (or removed, when toggling it off)."""
    params: QueryDict = context["request"].GET.copy()
    params.pop("page", None)
    values = params.getlist(key)
    if toggle and value in values:
        values.remove(value)
        params.setlist(key, values)
    elif key in ("page", "sort", "q"):
        params[key] = value
    else:
        params.setlist(key, [*values, value])
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def filesize(value: int | None) -> str:
    if value is None:
        return ""
    size = float(value)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
