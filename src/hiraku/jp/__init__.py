"""Japanese value rules: one cell in, one value out. No Django, no I/O.

Each module owns one kind of value; the names below are the ones the pipeline calls.
"""

from hiraku.jp.corpnum import (
    corporate_check_digit,
    is_valid_corporate_number,
    normalize_corporate_number,
)
from hiraku.jp.era import (
    ERAS,
    Era,
    column_order,
    excel_serial_to_date,
    fiscal_year,
    parse_date,
    parse_datetime,
    parse_fiscal_year,
    to_wareki,
)
from hiraku.jp.errors import ImpossibleDate, ImpossibleTime, JpValueError
from hiraku.jp.flags import parse_flag, to_standard_flag
from hiraku.jp.geo import fix_swapped, in_japan, parse_coordinate, parse_latlon_pair
from hiraku.jp.lgcode import PREFECTURES, LgCode, normalize_lgcode, prefecture_name
from hiraku.jp.lgcode import check_digit as lgcode_check_digit
from hiraku.jp.lgcode import is_valid as is_valid_lgcode
from hiraku.jp.numbers import NumberValue, parse_number, unit_in_header
from hiraku.jp.phone import is_phone_format, normalize_phone
from hiraku.jp.text import (
    has_line_break,
    is_url,
    normalize_text,
    normalize_url,
    to_halfwidth_ascii,
    to_halfwidth_digits,
)
from hiraku.jp.times import is_all_day, parse_time, parse_time_range

__all__ = [
    "ERAS",
    "PREFECTURES",
    "Era",
    "ImpossibleDate",
    "ImpossibleTime",
    "JpValueError",
    "LgCode",
    "NumberValue",
    "column_order",
    "corporate_check_digit",
    "excel_serial_to_date",
    "fiscal_year",
    "fix_swapped",
    "has_line_break",
    "in_japan",
    "is_all_day",
    "is_phone_format",
    "is_url",
    "is_valid_corporate_number",
    "is_valid_lgcode",
    "lgcode_check_digit",
    "normalize_corporate_number",
    "normalize_lgcode",
    "normalize_phone",
    "normalize_text",
    "normalize_url",
    "parse_coordinate",
    "parse_date",
    "parse_datetime",
    "parse_fiscal_year",
    "parse_flag",
    "parse_latlon_pair",
    "parse_number",
    "parse_time",
    "parse_time_range",
    "prefecture_name",
    "to_halfwidth_ascii",
    "to_halfwidth_digits",
    "to_standard_flag",
    "to_wareki",
    "unit_in_header",
]
