"""Which cell checks a schema field gets: keyed by its ``x-hiraku-rule``, else its Frictionless
``type``/``format``, then its ``constraints`` (pattern, enum, minimum/maximum).

``checker_for(field)`` returns one function per column: cell in, findings out, each later
check run on the value the earlier ones mended, so the last fix is the final value.
Municipal files repeat values, so answers are cached per column (bounded).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from hiraku.schemas import number_rules, rules
from hiraku.schemas.model import SchemaField
from hiraku.schemas.rules import Finding

Check = Callable[[str], "Finding | list[Finding] | None"]
CACHE_LIMIT = 10_000  # distinct values remembered per column

# x-hiraku-rule → check of one cell. Rules that need the field (time, multi-value, yes-no,
# town-id) are built in _rule_check.
RULE_CHECKS: dict[str, Check] = {
    "lgcode": rules.check_lgcode,
    "corporate-number": rules.check_corporate_number,
    "postal-code": rules.check_postal_code,
    "phone": rules.check_phone,
    "flag": rules.check_flag,
    "katakana": rules.check_katakana,
    "weekdays": rules.check_weekdays,
    "url": rules.check_url,
    "email": rules.check_email,
    "latitude": number_rules.check_coordinate,
    "longitude": number_rules.check_coordinate,
}
# Frictionless type/format → check, for fields without a rule.
TYPE_CHECKS: dict[str, Check] = {
    "boolean": rules.check_flag,
    "uri": rules.check_url,
    "email": rules.check_email,
}
# Rules whose check already covers the field's pattern constraint.
PATTERN_COVERED = frozenset({"lgcode", "corporate-number", "postal-code", "time"})
COORDINATE_RULES = frozenset({"latitude", "longitude"})


def all_day_value(field: SchemaField) -> str | None:
    """What 終日 stands for in a time column: the day's start or its end."""
    if "開始" in field.name:
        return "00:00"
    if "終了" in field.name:
        return "24:00"
    return None


def _rule_check(field: SchemaField, date_order: str) -> Check | None:
    rule = field.rule
    if rule == "date" or (rule is None and field.type == "date"):
        return lambda value: rules.check_date(value, date_order)
    if rule == "time":
        all_day = all_day_value(field)
        return lambda value: rules.check_time(value, all_day)
    if rule == "multi-value":
        separator = field.separator or ";"
        return lambda value: rules.check_multi_value(value, separator)
    if rule == "yes-no" and field.enum:
        allowed = field.enum
        return lambda value: rules.check_enum(value, allowed, yes_no=True)
    if rule in RULE_CHECKS:
        return RULE_CHECKS[rule]
    if rule is None:
        return TYPE_CHECKS.get(field.format or "") or TYPE_CHECKS.get(field.type)
    return None


def _number_check(field: SchemaField) -> Check:
    integer = field.type == "integer"
    minimum = field.constraints.get("minimum")
    maximum = field.constraints.get("maximum")

    def check(value: str) -> list[Finding]:
        findings = number_rules.check_number(value, integer=integer)
        final = findings[-1].fix if findings else value
        number = number_rules.plain_number((final or "").strip(), integer=integer)
        if number is not None and (minimum is not None or maximum is not None):
            out_of_range = number_rules.check_range(number, minimum, maximum)
            if out_of_range is not None:
                findings.append(out_of_range)
        return findings

    return check


def field_checks(field: SchemaField, *, date_order: str = "ymd") -> list[Check]:
    checks: list[Check] = []
    rule_check = _rule_check(field, date_order)
    if rule_check is not None:
        checks.append(rule_check)
    elif field.type in ("integer", "number"):
        checks.append(_number_check(field))
    pattern = field.constraints.get("pattern")
    if pattern and field.rule not in PATTERN_COVERED:
        checks.append(lambda value: rules.check_pattern(value, pattern))
    if field.enum and field.rule != "yes-no":
        allowed = field.enum
        checks.append(lambda value: rules.check_enum(value, allowed))
    return checks


def checker_for(field: SchemaField, *, date_order: str = "ymd") -> Callable[[str], list[Finding]]:
    """Findings for one non-empty cell of ``field``, mends chained (see the module docstring)."""
    checks = field_checks(field, date_order=date_order)
    cache: dict[str, list[Finding]] = {}

    def check(value: str) -> list[Finding]:
        cached = cache.get(value)
        if cached is not None:
            return cached
        findings: list[Finding] = []
        current = value
        for one in checks:
            result = one(current)
            found = [result] if isinstance(result, Finding) else (result or [])
            for finding in found:
                findings.append(finding)
                if finding.fix is not None:
                    current = finding.fix
            if current == "":
                break
        if len(cache) < CACHE_LIMIT:
            cache[value] = findings
        return findings

    return check


def coordinate(value: str) -> Decimal | None:
    """A coordinate cell's number once its own fixes are applied (None when it has none)."""
    return number_rules.plain_number(value.strip())
