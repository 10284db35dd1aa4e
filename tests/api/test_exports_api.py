"""Downloads of whole tables through the records API, in every export format."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


def _get(client, catalog, **params):
    return client.get(f"/api/v1/resources/{catalog['resource'].pk}/records", params)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_utf8_with_bom(client, catalog):
    response = _get(client, catalog, format="csv")
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "名称" and len(rows) == 6
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=" in response["Content-Disposition"]


def test_csv_cp932_for_excel_with_filters(client, catalog):
    response = _get(client, catalog, format="csv", encoding="cp932", 区分="都市公園",
                    fields="名称,面積（㎡）")
    rows = list(csv.reader(io.StringIO(_body(response).decode("cp932"))))
    assert rows == [["名称", "面積（㎡）"], ["中央公園", "12000"], ["西公園", "5000"]]


def test_ndjson_and_geojson(client, catalog):
    lines = _body(_get(client, catalog, format="ndjson")).decode().splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["名称"] == "中央公園"
    geo = json.loads(_body(_get(client, catalog, format="geojson")))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 5
    assert geo["features"][0]["geometry"]["coordinates"] == [138.3231, 34.8669]


def test_xlsx(client, catalog):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(_body(_get(client, catalog, format="xlsx"))))
    sheet = workbook.active
    assert sheet.cell(1, 1).value == "名称" and sheet.cell(2, 3).value == 12000


def test_geojson_without_coordinates_is_a_clear_400(client, run_on_commit, catalog):
    from hiraku.catalog import services
    from tests import factories

    resource = run_on_commit(services.add_resource, factories.platform_admin(), catalog["parks"],
                             upload=io.BytesIO(b"a,b\n1,2\n"), filename="plain.csv")
    response = client.get(f"/api/v1/resources/{resource.pk}/records", {"format": "geojson"})
    assert response.status_code == 400
    assert response.json()["error"]["message_ja"]


def test_csv_export_neutralizes_formulas(client, run_on_commit, catalog):
    from hiraku.catalog import services
    from tests import factories

    content = "名前,数\n=HYPERLINK(\"http://evil\"),-12\n@SUM(A1),3\n".encode()
    resource = run_on_commit(services.add_resource, factories.platform_admin(), catalog["parks"],
                             upload=io.BytesIO(content), filename="evil.csv")
    body = _body(client.get(f"/api/v1/resources/{resource.pk}/records", {"format": "csv"}))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1] == ["'=HYPERLINK(\"http://evil\")", "-12"]
    assert rows[2][0] == "'@SUM(A1)"
    # The original upload stays byte for byte.
    assert client.get(resource.get_download_url()).getvalue() == content


def test_unknown_format_is_rejected(client, catalog):
    assert _get(client, catalog, format="pdf").status_code == 400
