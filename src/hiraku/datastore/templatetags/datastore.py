from django import template
from django.utils.translation import get_language

from hiraku.tabular.report import CHANGE_NAMES

register = template.Library()


@register.filter
def change_name(kind: str) -> str:
    ja, en = CHANGE_NAMES.get(kind, (kind, kind))
    return en if (get_language() or "ja").startswith("en") else ja


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"
