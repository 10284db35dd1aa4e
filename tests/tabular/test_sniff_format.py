"""Format decided from the content; the file name only breaks ties."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from hiraku.tabular import TabularError, detect_format
from hiraku.tabular.sniff import detect_delimiter

Writer = Callable[..., Path]


def test_csv(write_text: Writer) -> None:
    assert detect_format(write_text("名称,住所\nA,B\n", name="x.txt")) == "csv"


def test_tsv_by_content(write_text: Writer) -> None:
    assert detect_format(write_text("名称\t住所\nA\tB\n", name="x.csv")) == "tsv"


def test_tsv_extension_breaks_a_tie(write_text: Writer) -> None:
    path = write_text("名称\n中央公園\n", name="upload.bin")
    assert detect_format(path) == "csv"
    assert detect_format(path, filename="一覧.tsv") == "tsv"


def test_xlsx_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "upload.csv"
    openpyxl.Workbook().save(path)
    assert detect_format(path) == "xlsx"


def test_json_and_geojson(write_text: Writer) -> None:
    assert detect_format(write_text('[{"a": 1}]', name="a.txt")) == "json"
    collection = '{"type": "FeatureCollection", "features": []}'
    assert detect_format(write_text(collection, name="b.json")) == "geojson"
    assert detect_format(write_text('{"features": []}', name="c.geojson")) == "geojson"


def test_xls_signature(write_bytes: Writer) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert detect_format(write_bytes(ole, "old.xls")) == "xls"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x1f\x8b\x08\x00", "gzip"),
    ],
)
def test_binary_files_are_named(write_bytes: Writer, data: bytes, kind: str) -> None:
    with pytest.raises(TabularError) as caught:
        detect_format(write_bytes(data, "upload.csv"))
    assert caught.value.code == "binary_file"
    assert kind in caught.value.message_ja and kind in caught.value.message_en


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_files(write_bytes: Writer, data: bytes) -> None:
    with pytest.raises(TabularError) as caught:
        detect_format(write_bytes(data, "empty.csv"))
    assert caught.value.code == "empty_file"


def test_delimiter_ignores_title_rows() -> None:
    text = "令和5年度 一覧\n名称;住所;電話\nA;B;C\nD;E;F\n"
    assert detect_delimiter(text) == ";"


def test_delimiter_with_commas_inside_tab_separated_cells() -> None:
    assert detect_delimiter("名称\t住所\n1,234\t中央区1-2,3\n5,6\t北区\n") == "\t"
