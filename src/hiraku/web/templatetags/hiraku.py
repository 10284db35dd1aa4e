"""Template helpers for the public site."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.urls import translate_url
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from hiraku.search.query import Query
from hiraku.search.query import highlight as highlight_segments

SNIPPET_CHARS = 140
# How much text to keep before the first match, so it reads in context.
_SNIPPET_LEAD = 30

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


def _marked(segments: list[tuple[str, bool]]) -> SafeString:
    # Every piece is escaped, matched or not: the text is data, only <mark> is ours.
    html = "".join(
        f"<mark>{escape(text)}</mark>" if matched else str(escape(text))
        for text, matched in segments
    )
    return mark_safe(html)  # noqa: S308


def _segments(text: object, query: Query | str | None) -> list[tuple[str, bool]]:
    plain = "" if text is None else str(text)
    if not isinstance(query, Query | str) or not query:
        return [(plain, False)] if plain else []
    return highlight_segments(plain, query)


@register.filter
def highlight(text: object, query: Query | str | None) -> SafeString:
    """``text`` escaped, with the terms of ``query`` wrapped in <mark>."""
    return _marked(_segments(text, query))


@register.filter
def highlight_snippet(text: object, query: Query | str | None) -> SafeString:
    """About 140 characters of ``text`` around its first match, highlighted and escaped."""
    segments = _segments(text, query)
    full = "".join(piece for piece, _ in segments)
    first = 0
    position = 0
    for piece, matched in segments:
        if matched:
            first = position
            break
        position += len(piece)
    start = max(0, first - _SNIPPET_LEAD) if len(full) > SNIPPET_CHARS else 0
    end = min(len(full), start + SNIPPET_CHARS)
    cut: list[tuple[str, bool]] = []
    position = 0
    for piece, matched in segments:
        left, right = max(start, position), min(end, position + len(piece))
        if left < right:
            cut.append((piece[left - position : right - position], matched))
        position += len(piece)
    if start > 0:
        cut.insert(0, ("…", False))
    if end < len(full):
        cut.append(("…", False))
    return _marked(cut)
