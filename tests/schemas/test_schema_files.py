"""Every shipped schema file: loads, is valid Frictionless, and says what the research says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hiraku.schemas.loader import load_schema
from hiraku.schemas.model import SchemaFileError
from hiraku.schemas.registry import get_schema, list_schemas, schema_dir
from tests.schemas.sample_headers import REFERENCE

# id: (number, current columns, legacy columns or None) – counts as in the research YAMLs.
EXPECTED = {
    "public-facility": ("01", 36, 24),
    "cultural-property": ("02", 43, 34),
    "evacuation-space": ("03", 39, 26),
    "population": ("04", 46, 47),
    "preschool": ("05", 39, 28),
    "opendata-list": ("06", 14, 15),
    "public-wireless-lan": ("07", 27, 18),
    "aed": ("08", 34, 22),
    "care-service": ("09", 31, 22),
    "hospital": ("10", 36, 26),
    "tourism": ("11", 37, 30),
    "event": ("12", 37, 32),
    "public-toilet": ("13", 39, 32),
    "fire-hydrant": ("14", 16, 11),
    "food-business": ("15", 34, None),
}
RULES = {
    "lgcode", "corporate-number", "postal-code", "town-id", "phone", "latitude", "longitude",
    "date", "time", "flag", "yes-no", "multi-value", "katakana", "weekdays", "url", "email",
}  # fmt: skip
FRICTIONLESS_SCHEMA_KEYS = {"name", "title", "description", "fields", "missingValues"}
FRICTIONLESS_FIELD_KEYS = {
    "name", "type", "format", "description", "constraints", "trueValues", "falseValues",
}  # fmt: skip
SCHEMA_FILES = sorted(schema_dir().glob("*.json"))
TIME_PATTERN = get_schema("aed").field("開始時間").constraints["pattern"]


def test_ids_and_numbers_are_stable() -> None:
    assert [(s.id, s.number) for s in list_schemas()] == [
        (schema_id, number) for schema_id, (number, _, _) in EXPECTED.items()
    ]


def test_file_names_carry_number_and_id() -> None:
    assert [p.name for p in SCHEMA_FILES] == [f"{n}-{i}.json" for i, (n, _, _) in EXPECTED.items()]


@pytest.mark.parametrize("schema_id", EXPECTED)
def test_column_counts_match_the_research(schema_id: str) -> None:
    schema = get_schema(schema_id)
    _, current, legacy = EXPECTED[schema_id]
    assert len(schema.fields) == current
    assert len(set(schema.field_names)) == current
    assert (len(schema.legacy.headers) if schema.legacy else None) == legacy


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_file_is_valid_frictionless(path: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason="frictionless-py not installed")
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    report = frictionless.Schema.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "message"])
    schema = frictionless.Schema.from_descriptor(descriptor)
    assert [f.name for f in schema.fields] == [f["name"] for f in descriptor["fields"]]


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_hiraku_keys_are_namespaced(path: Path) -> None:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    assert set(descriptor) - FRICTIONLESS_SCHEMA_KEYS == {
        k for k in descriptor if k.startswith("x-")
    }
    for field in descriptor["fields"]:
        assert set(field) - FRICTIONLESS_FIELD_KEYS == {k for k in field if k.startswith("x-")}


def test_every_schema_starts_with_the_publisher_code() -> None:
    for schema in list_schemas():
        assert schema.field_names[0] == "全国地方公共団体コード"
        # 03 keeps the publisher's name far down, after the designating municipality.
        assert "地方公共団体名" in schema.field_names[: 24 if schema.number == "03" else 4]
        assert schema.id == "population" or "ID" in schema.field_names[:3]


def test_legacy_layouts_start_with_the_legacy_head() -> None:
    for schema in list_schemas():
        if schema.legacy is None:
            continue
        head = schema.legacy.headers[:2]
        if schema.id == "evacuation-space":
            assert head == ("NO", "名称")
        elif schema.id == "population":
            assert head == ("都道府県コード又は市区町村コード", "地域コード")
        else:
            assert head == ("都道府県コード又は市区町村コード", "NO")


def test_legacy_head_and_address_map_onto_the_current_layout() -> None:
    legacy = get_schema("aed").legacy
    assert legacy is not None
    by_source = {m.sources: (m.targets, m.op, m.separator) for m in legacy.mapping}
    assert by_source[("都道府県コード又は市区町村コード",)] == (
        ("全国地方公共団体コード",),
        "copy",
        None,
    )
    assert by_source[("NO",)] == (("ID",), "copy", None)
    assert by_source[("都道府県名", "市区町村名")] == (("地方公共団体名",), "concat", "")
    assert by_source[("住所", "方書")] == (("所在地_連結表記",), "concat", "\u3000")
    assert by_source[("方書",)] == (("建物名等(方書)",), "copy", None)
    assert legacy.not_mechanical[0].targets == (
        "所在地_都道府県", "所在地_市区町村", "所在地_町字", "所在地_番地以下",
    )  # fmt: skip


def test_renamed_legacy_columns_reach_their_new_names() -> None:
    toilet, care = get_schema("public-toilet").legacy, get_schema("care-service").legacy
    assert toilet is not None and care is not None
    assert toilet.targets_of("多機能トイレ数") == ("バリアフリートイレ数",)
    assert care.targets_of("介護サービス事業所名称") == ("名称",)


def test_every_legacy_and_english_column_is_accounted_for() -> None:
    for schema in list_schemas():
        for layout in (schema.legacy, schema.english):
            if layout is None:
                continue
            for header in layout.headers:
                mappings = layout.mappings_of(header)
                assert mappings, (schema.id, header)
                assert layout.targets_of(header) or mappings[0].op == "drop", (schema.id, header)


def test_only_levels_read_from_the_sheet_are_errors() -> None:
    with_errors = set()
    for schema in list_schemas():
        for field in schema.fields:
            assert field.severity == ("error" if field.level_provenance == "A" else "warning")
            if field.severity == "error":
                with_errors.add(schema.number)
    assert with_errors == {"03", "13"}


def test_inferred_levels_say_so_in_the_file() -> None:
    raw = get_schema("aed").raw
    assert "警告" in raw["x-hiraku-severity-note"]
    assert "warning" in raw["x-hiraku-severity-note-en"]
    field = next(f for f in raw["fields"] if f["name"] == "設置位置")
    assert (field["x-hiraku-level"], field["x-hiraku-level-provenance"]) == ("required", "I")
    assert field["x-hiraku-severity"] == "warning"


def test_levels_have_their_japanese_names() -> None:
    names = {"required": "必須", "recommended": "推奨", "optional": "任意"}
    for schema in list_schemas():
        for field in schema.fields:
            assert field.level_ja == names[field.level]
            assert field.required == (field.level == "required")


def test_every_field_is_described_in_both_languages() -> None:
    for schema in list_schemas():
        assert schema.title_ja and schema.title_en and schema.description_en
        for field in schema.fields:
            assert field.description_ja and field.description_en and field.title_en
            assert field.description_ja != field.description_en
            assert "{" not in field.description_ja + field.description_en


def test_rules_come_from_the_documented_vocabulary() -> None:
    readme = (schema_dir() / "README.md").read_text(encoding="utf-8")
    for schema in list_schemas():
        for field in schema.fields:
            assert field.rule is None or field.rule in RULES
    for rule in RULES:
        assert f"`{rule}`" in readme


def test_frictionless_parts_check_codes_dates_and_coordinates() -> None:
    aed = get_schema("aed")
    assert aed.field("全国地方公共団体コード").constraints["pattern"] == "[0-9]{6}"
    assert aed.field("法人番号").constraints["pattern"] == "[0-9]{13}"
    latitude = aed.field("緯度")
    assert (latitude.type, latitude.rule) == ("number", "latitude")
    assert (latitude.constraints["minimum"], latitude.constraints["maximum"]) == (20, 46)
    assert get_schema("population").field("調査年月日").type == "date"
    assert aed.field("名称").constraints["required"] is True
    assert aed.field("小児対応設備の有無").enum == ("有", "無")


def test_flags_are_required_columns_whose_empty_cells_mean_no() -> None:
    flag = get_schema("evacuation-space").field("災害種別_津波")
    assert (flag.type, flag.rule, flag.level, flag.severity) == (
        "boolean",
        "flag",
        "required",
        "error",
    )
    assert "required" not in flag.constraints
    raw = next(f for f in get_schema("03").raw["fields"] if f["name"] == "災害種別_津波")
    assert raw["trueValues"] == ["1"]


def test_multi_value_columns_name_their_separator() -> None:
    column = get_schema("evacuation-space").field("対象となる町会・自治会")
    assert (column.rule, column.separator) == ("multi-value", ";")


@pytest.mark.parametrize("value", ["00:00", "09:30", "23:59", "24:00"])
def test_time_pattern_accepts_the_clock_and_midnight(value: str) -> None:
    assert re.fullmatch(TIME_PATTERN, value)


@pytest.mark.parametrize("value", ["9:00", "24:01", "25:00", "終日", "09：00", "0900"])
def test_time_pattern_leaves_the_rest_to_the_time_rule(value: str) -> None:
    assert not re.fullmatch(TIME_PATTERN, value)


def test_open_vocabularies_stay_out_of_frictionless_enums() -> None:
    kind = get_schema("cultural-property").field("種類")
    assert kind.enum_open and kind.enum and "enum" not in kind.constraints
    hydrant = get_schema("fire-hydrant").field("種別")
    assert not hydrant.enum_open and "防火水そう" in hydrant.constraints["enum"]


def test_loader_refuses_an_error_on_an_inferred_level(tmp_path: Path) -> None:
    descriptor = json.loads(get_schema("aed").path.read_text(encoding="utf-8"))
    descriptor["fields"][3]["x-hiraku-severity"] = "error"
    broken = tmp_path / "08-aed.json"
    broken.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SchemaFileError) as caught:
        load_schema(broken)
    assert "08-aed.json" in caught.value.message_ja
    assert "severity" in caught.value.message_en


def test_loader_refuses_a_mapping_to_an_unknown_column(tmp_path: Path) -> None:
    descriptor = json.loads(get_schema("aed").path.read_text(encoding="utf-8"))
    descriptor["x-legacy"]["mapping"][0]["to"] = ["存在しない列"]
    broken = tmp_path / "08-aed.json"
    broken.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SchemaFileError):
        load_schema(broken)


YAML_DIR = REFERENCE / "schemas"


@pytest.mark.skipif(not YAML_DIR.is_dir(), reason="shared/reference is not beside the repository")
@pytest.mark.parametrize("schema_id", EXPECTED)
def test_columns_and_levels_agree_with_the_research_yaml(schema_id: str) -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML not installed")
    schema = get_schema(schema_id)
    path = next(YAML_DIR.glob(f"{schema.number}_*.yaml"))
    research = yaml.safe_load(path.read_text(encoding="utf-8"))
    columns = research["columns"]
    assert schema.field_names == tuple(c["name"] for c in columns)
    for field, column in zip(schema.fields, columns, strict=True):
        uncertain = column["level"].startswith("不明")
        assert field.level_ja == ("任意" if uncertain else column["level"]), field.name
        assert field.level_uncertain == uncertain
        assert field.provenance == column["source"][0]
        assert field.level_provenance == ("A" if column.get("required_basis") == "spec" else "I")
    legacy = research.get("legacy_推奨データセット")
    if legacy:
        assert schema.legacy is not None
        assert schema.legacy.headers == tuple(c["name"] for c in legacy["columns"])
        assert schema.legacy.required == tuple(
            c["name"] for c in legacy["columns"] if c["required"]
        )
