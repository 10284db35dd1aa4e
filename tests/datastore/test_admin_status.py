"""Staff see a load's progress and report, and edit the data dictionary."""

from __future__ import annotations

import io

import pytest

from hiraku.catalog import services
from hiraku.datastore.models import ColumnInfo, LoadJob
from tests import factories

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])


@pytest.fixture
def loaded(run_on_commit):
    org = factories.organization("bosai", "防災課")
    editor = factories.staff("editor", org)
    dataset = factories.dataset(org, "aed")
    content = "名称,設置日\nA,令和5年4月1日\nB,令和5年2月29日\n".encode()
    resource = run_on_commit(services.add_resource, editor, dataset,
                             upload=io.BytesIO(content), filename="aed.csv")
    return editor, resource


def test_resource_page_shows_the_report_with_row_numbers(client, loaded):
    editor, resource = loaded
    client.force_login(editor)
    text = client.get(f"/admin/catalog/resource/{resource.pk}/change/").text
    assert "2 行" in text or "2 rows" in text or "読み込みました" in text
    assert "設置日" in text
    assert "ありえない日付" in text  # 令和5年2月29日, row 3 as in the file
    job = LoadJob.objects.get(resource=resource)
    issue = next(i for i in job.report["issues"] if i["code"] == "impossible_date")
    assert issue["row"] == 3 and issue["column"] == "設置日"


def test_status_fragment_is_for_the_organizations_staff_only(client, loaded):
    editor, resource = loaded
    job = LoadJob.objects.get(resource=resource)
    outsider = factories.staff("outsider", factories.organization("other", "他課"))
    client.force_login(outsider)
    assert client.get(f"/staff/loads/{job.pk}/").status_code == 404
    client.force_login(editor)
    assert "設置日" in client.get(f"/staff/loads/{job.pk}/").text


def test_running_load_shows_progress_and_polls(client, loaded):
    editor, resource = loaded
    job = LoadJob.objects.create(resource=resource, status="running", stage="load",
                                 rows_read=500, row_count=1000)
    client.force_login(editor)
    text = client.get(f"/staff/loads/{job.pk}/").text
    assert "75%" in text and "hx-trigger" in text


def test_dictionary_edit_through_the_admin(client, loaded):
    editor, resource = loaded
    client.force_login(editor)
    entries = list(ColumnInfo.objects.filter(resource=resource))
    data = {
        "dataset": str(resource.dataset.pk), "name": resource.name, "position": "0",
        "url": "", "format": "CSV", "name_en": "", "description": "", "description_en": "",
        "dictionary-TOTAL_FORMS": str(len(entries)), "dictionary-INITIAL_FORMS": str(len(entries)),
    }
    for i, entry in enumerate(entries):
        data.update({f"dictionary-{i}-id": str(entry.pk),
                     f"dictionary-{i}-resource": str(resource.pk),
                     f"dictionary-{i}-label": f"ラベル{i}", f"dictionary-{i}-unit": "",
                     f"dictionary-{i}-label_en": "", f"dictionary-{i}-description": "",
                     f"dictionary-{i}-type_override": "text" if i == 1 else ""})
    response = client.post(f"/admin/catalog/resource/{resource.pk}/change/", data)
    assert response.status_code == 302, response.text[:3000]
    assert ColumnInfo.objects.get(pk=entries[1].pk).type_override == "text"
    assert ColumnInfo.objects.get(pk=entries[0].pk).label == "ラベル0"
