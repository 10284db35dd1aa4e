"""list_schemas / get_schema: cached, found by id, number or title, refused in two languages."""

from __future__ import annotations

import pytest

from hiraku.errors import NotFound
from hiraku.schemas import get_schema as exported_get_schema
from hiraku.schemas.model import UnknownSchema
from hiraku.schemas.registry import get_schema, list_schemas, schema_dir


def test_schemas_are_read_once() -> None:
    assert list_schemas() is list_schemas()
    assert get_schema("aed") is get_schema("aed")


@pytest.mark.parametrize("key", ["aed", "AED", "08", "8", "０８", "AED設置箇所一覧", " aed "])
def test_a_schema_is_found_by_id_number_or_title(key: str) -> None:
    assert get_schema(key).id == "aed"


def test_underscored_ids_from_file_slugs_also_work() -> None:
    assert get_schema("public_toilet").id == "public-toilet"


def test_an_unknown_schema_is_a_key_error_with_both_languages() -> None:
    with pytest.raises(UnknownSchema) as caught:
        get_schema("parking")
    error = caught.value
    assert isinstance(error, KeyError) and isinstance(error, NotFound)
    assert "parking" in error.message_ja and "parking" in error.message_en
    assert "aed" in error.message_en
    assert str(error) == error.message_en
    assert error.as_dict()["code"] == "unknown-schema"


def test_each_schema_knows_its_file_and_raw_descriptor() -> None:
    for schema in list_schemas():
        assert schema.path.parent == schema_dir()
        assert schema.raw["name"] == schema.id
        assert schema.path.name.startswith(schema.number)


def test_layouts_are_listed_current_first() -> None:
    assert get_schema("aed").layouts == ("current", "legacy", "english")
    assert get_schema("food-business").layouts == ("current",)
    assert get_schema("hospital").layouts == ("current", "legacy")


def test_the_package_exports_the_registry() -> None:
    assert exported_get_schema is get_schema
