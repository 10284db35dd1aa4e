"""Header folding: each tolerated kind of difference, named; unrelated names kept apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiraku.schemas.folding import fold_header, variant_kinds
from hiraku.schemas.registry import list_schemas

KNOWN = sorted(
    {h for s in list_schemas() for layout in s.layouts for h in s.layout_headers(layout)}
)


@pytest.mark.parametrize(
    ("original", "canonical", "kinds"),
    [
        ("名称 ", "名称", ("whitespace",)),
        ("緯\u3000度", "緯度", ("whitespace",)),
        ("\ufeff名称", "名称", ("whitespace",)),
        ("所在地＿連結表記", "所在地_連結表記", ("width",)),
        ("建物名等（方書）", "建物名等(方書)", ("width",)),
        ("料金（基本）", "料金(基本)", ("width",)),
        ("ﾊﾞﾘｱﾌﾘｰﾄｲﾚ数", "バリアフリートイレ数", ("width",)),
        ("ＩＤ", "ID", ("width",)),
        ("No", "NO", ("case",)),
        ("Latitude", "latitude", ("case",)),
        ("都道府県コ―ド又は市区町村コ―ド", "都道府県コード又は市区町村コード", ("lookalike",)),
        ("都道府県コ‐ド又は市区町村コ‐ド", "都道府県コード又は市区町村コード", ("lookalike",)),
        ("所在地連結表記", "所在地_連結表記", ("underscore",)),
        ("画像ライセンス", "画像_ライセンス", ("underscore",)),
        ("男性トイレ数_和式", "男性トイレ数（和式）", ("underscore",)),
        ("建物名等_方書", "建物名等(方書)", ("underscore",)),
        ("所在地_連結標記", "所在地_連結表記", ("typo",)),
        ("男女共同トイレ総数", "男女共用トイレ総数", ("typo",)),
        ("車いす使用者用トイレ有無", "車椅子使用者用トイレ有無", ("typo",)),
        ("iamgeLicense", "imageLicense", ("typo",)),
        ("1.名称", "名称", ("numbered",)),
        ("１．名称", "名称", ("numbered",)),
        ("①名称", "名称", ("numbered",)),
        ("(3) 名称", "名称", ("numbered",)),
        ("1 名称", "名称", ("numbered",)),
        ("29.利用可能時間特記事項", "利用可能時間特記事項", ("numbered",)),
        ("No.", "NO", ("case", "underscore")),
        (
            "\u3000１．所在地＿連結標記 ",
            "所在地_連結表記",
            ("whitespace", "width", "numbered", "typo"),
        ),
    ],
)
def test_each_variant_is_named_by_what_differs(
    original: str, canonical: str, kinds: tuple[str, ...]
) -> None:
    assert fold_header(original) == fold_header(canonical)
    assert variant_kinds(original, canonical) == kinds


def test_identical_names_are_not_variants() -> None:
    assert variant_kinds("名称", "名称") == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [("名前", "名称"), ("0-4歳の男性", "5-9歳の男性"), ("男性", "女性"), ("開始時間", "終了時間")],
)
def test_different_names_never_meet(a: str, b: str) -> None:
    assert fold_header(a) != fold_header(b)
    assert variant_kinds(a, b) is None


def test_age_bands_are_not_mistaken_for_numbering() -> None:
    assert fold_header("85歳以上の男性") == "85歳以上の男性"
    assert fold_header("10-14歳の女性") == "10-14歳の女性"


def test_a_bare_number_is_not_stripped_to_nothing() -> None:
    assert fold_header("1") == "1"


def test_linkdata_marker_folds_whatever_its_width() -> None:
    assert fold_header("＃property") == fold_header("#property") == "#property"


def test_every_layout_column_has_its_own_key() -> None:
    for schema in list_schemas():
        for layout in schema.layouts:
            headers = schema.layout_headers(layout)
            assert len({fold_header(h) for h in headers}) == len(headers), (schema.id, layout)


FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
SPACES = st.sampled_from([" ", "\u3000", "\t"])


@given(st.sampled_from(KNOWN))
def test_full_width_copies_of_any_header_fold_back(header: str) -> None:
    wide = header.translate(FULL_WIDTH)
    assert fold_header(wide) == fold_header(header)
    assert variant_kinds(wide, header) == (("width",) if wide != header else ())


@given(st.sampled_from(KNOWN), st.lists(st.tuples(st.integers(0, 60), SPACES), min_size=1))
def test_spaces_anywhere_in_a_header_are_only_whitespace(header: str, inserts: list) -> None:
    spaced = header
    for position, space in inserts:
        spaced = spaced[:position] + space + spaced[position:]
    assert fold_header(spaced) == fold_header(header)
    assert variant_kinds(spaced, header) == ("whitespace",)


@given(
    st.sampled_from(KNOWN),
    st.integers(1, 999),
    st.sampled_from([".", "．", ")", "）", "、", ":", "_"]),
)
def test_any_leading_number_is_numbering(header: str, number: int, separator: str) -> None:
    assert variant_kinds(f"{number}{separator}{header}", header) == ("numbered",)


HEADER_TEXT = st.text(
    alphabet=st.sampled_from(sorted(set("".join(KNOWN)) | set("＿（）ｰ―‐ 　１．①ﾊﾞｲ"))), max_size=30
)


@given(HEADER_TEXT)
def test_folding_twice_changes_nothing(text: str) -> None:
    assert fold_header(fold_header(text)) == fold_header(text)


def test_a_stray_space_after_a_quantity_is_not_numbering() -> None:
    # Found by the property above: "85 歳以上の女性" once lost its 85 as a "numbered" prefix.
    assert fold_header("85 歳以上の女性") == fold_header("85歳以上の女性")
    assert variant_kinds("85 歳以上の女性", "85歳以上の女性") == ("whitespace",)
    assert variant_kinds("1 名称", "名称") == ("numbered",)
