"""Any cell in, a value or None out, or the typed error: never a crash."""

import contextlib

from hypothesis import given
from hypothesis import strategies as st

import hiraku.jp as jp
from hiraku.jp.errors import JpValueError

# Characters that make cells look like dates, times, numbers and coordinates, so the generated
# text reaches deep into every parser rather than failing on the first character.
DATEISH = list("0123456789０１２３４５６７８９/.-年月日度分秒時半午前後令和平成昭大明RHSMT元()（）")
DATEISH += list(":：,，△▲%円人 　°'\"NSEWx*ー－~～〜#+FY曜土祝")
cells = st.one_of(
    st.text(max_size=24), st.lists(st.sampled_from(DATEISH), max_size=24).map("".join)
)

RAISING = (
    jp.parse_date,
    jp.parse_datetime,
    jp.parse_fiscal_year,
    jp.parse_time,
    jp.parse_time_range,
)
TOTAL = (
    jp.parse_number,
    jp.normalize_text,
    jp.is_url,
    jp.normalize_phone,
    jp.is_phone_format,
    jp.normalize_lgcode,
    jp.prefecture_name,
    jp.parse_coordinate,
    jp.parse_latlon_pair,
    jp.parse_flag,
    jp.normalize_corporate_number,
    jp.unit_in_header,
    jp.has_line_break,
    jp.is_all_day,
)


@given(cells)
def test_parsers_never_crash(text):
    for parse in RAISING:
        with contextlib.suppress(JpValueError):
            parse(text)
    for parse in TOTAL:
        parse(text)


@given(cells)
def test_normalize_text_is_idempotent(text):
    once = jp.normalize_text(text)
    assert jp.normalize_text(once) == once
