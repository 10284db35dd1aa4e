"""Uploading a table file gives a typed, queryable table named by the resource id."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from hiraku.catalog import services
from hiraku.datastore.models import ColumnInfo, LoadJob, ResourceTable
from tests import factories

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])

CSV = (
    "名称,開設日,定員,面積（㎡）,電話番号,全国地方公共団体コード\r\n"
    "中央保育園,令和5年4月1日,１２０,\"1,234.5\",(054)626-1139,222127\r\n"
    "北保育園,H31.4.30,90,△12,054-626-1140,22212\r\n"
    "ﾐﾅﾐ保育園,2023/5/1,-,800,,222127\r\n"
).encode("cp932")


@pytest.fixture
def dataset():
    return factories.dataset(factories.organization("kosodate", "子育て支援課"), "hoikuen")


def _upload(run_on_commit, dataset, content=CSV, filename="保育園.csv"):
    return run_on_commit(services.add_resource, factories.platform_admin(), dataset,
                         upload=io.BytesIO(content), filename=filename)


def test_cp932_file_becomes_a_typed_table(run_on_commit, dataset, datastore_rows):
    resource = _upload(run_on_commit, dataset)
    job = LoadJob.objects.get(resource=resource)
    assert job.status == "done", job.error_en
    table = ResourceTable.objects.get(resource=resource)
    assert table.row_count == 3
    types = {c["label"]: c["type"] for c in table.columns}
    assert types == {"名称": "text", "開設日": "date", "定員": "integer", "面積（㎡）": "number",
                     "電話番号": "text", "全国地方公共団体コード": "text"}
    rows = datastore_rows(resource, '"名称", "開設日", "定員", "面積（㎡）", "電話番号", '
                                    '"全国地方公共団体コード"')
    first, second, third = rows
    assert first[0] == "中央保育園"
    assert str(first[1]) == "2023-04-01"
    assert first[2] == 120
    assert Decimal(str(first[3])) == Decimal("1234.5")
    assert first[4] == "054-626-1139"
    assert str(second[1]) == "2019-04-30" and Decimal(str(second[3])) == -12
    assert second[5] == "222127"  # the 5-digit code gets its check digit
    assert third[0] == "ミナミ保育園" and third[2] is None and str(third[1]) == "2023-05-01"


def test_report_counts_changes_and_is_kept(run_on_commit, dataset):
    resource = _upload(run_on_commit, dataset)
    report = LoadJob.objects.get(resource=resource).report
    assert report["encoding"] == "cp932" and report["row_count"] == 3
    columns = {c["name"]: c for c in report["columns"]}
    assert columns["開設日"]["changes"]["wareki_date"] == 2
    assert columns["定員"]["changes"]["fullwidth_digits"] == 1
    assert columns["面積（㎡）"]["changes"]["triangle_negative"] == 1
    assert columns["名称"]["changes"]["halfwidth_katakana"] == 1


def test_data_dictionary_is_created_with_detected_types_and_units(run_on_commit, dataset):
    resource = _upload(run_on_commit, dataset)
    entries = {c.source_name: c for c in ColumnInfo.objects.filter(resource=resource)}
    assert entries["定員"].type == "integer"
    assert entries["面積（㎡）"].unit == "㎡"
    assert [c.position for c in ColumnInfo.objects.filter(resource=resource)] == list(range(6))


def test_type_override_applies_on_the_next_load(run_on_commit, dataset, datastore_rows):
    from hiraku.datastore import services as datastore_services

    resource = _upload(run_on_commit, dataset)
    entry = ColumnInfo.objects.get(resource=resource, source_name="定員")
    datastore_services.update_column(factories.platform_admin(), entry, type_override="text",
                                     label="定員（人）")
    run_on_commit(datastore_services.schedule_load, factories.platform_admin(), resource)
    table = ResourceTable.objects.get(resource=resource)
    assert {c["label"]: c["type"] for c in table.columns}["定員"] == "text"
    assert datastore_rows(resource, '"定員"')[0][0] == "120"
    assert ColumnInfo.objects.get(pk=entry.pk).label == "定員（人）"


def test_all_real_sample_files_load(run_on_commit, dataset, samples, datastore_rows):
    for path in sorted(samples.glob("*.csv")):
        resource = run_on_commit(services.add_resource, factories.platform_admin(), dataset,
                                 upload=path.open("rb"), filename=path.name)
        job = LoadJob.objects.get(resource=resource)
        assert job.status == "done", (path.name, job.error_en)
        assert len(datastore_rows(resource, "_id")) == job.row_count > 0


def test_non_table_files_are_stored_but_not_loaded(run_on_commit, dataset):
    resource = _upload(run_on_commit, dataset, b"%PDF-1.4 ...", "report.pdf")
    assert resource.format == "PDF"
    assert not LoadJob.objects.filter(resource=resource).exists()


def test_a_big_file_loads_the_same_with_a_helper_process(
    run_on_commit, dataset, datastore_rows, monkeypatch
):
    """Big files take a helper process (hiraku.tabular.helper); the table and report are
    those one process makes. "Big" is made small here."""
    from hiraku.tabular import helper

    lines = ["番号,名称,開設日,定員,面積"] + [
        f"{n},{'ﾐﾅﾐ' if n % 7 == 0 else '中央'}保育園{n % 50},R5.{n % 12 + 1}.{n % 28 + 1},"
        f"{n % 300},{n % 97}.25"
        for n in range(1, 9001)
    ]
    content = ("\r\n".join(lines) + "\r\n").encode("cp932")
    alone = _upload(run_on_commit, dataset, content, "一つ.csv")
    monkeypatch.setattr(helper, "HELPER_FROM_BYTES", 0)
    monkeypatch.setattr(helper, "cut_target", lambda size: size // 2)  # pass one: halves
    # three batches: the helper converts the one after the two of the lead-in
    monkeypatch.setattr(helper, "handover_batch", lambda lead_in, *_, **__: lead_in + 1)
    monkeypatch.setattr(helper.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    started = []
    monkeypatch.setattr(helper.Helper, "__init__", _counting(helper.Helper.__init__, started))
    shared = _upload(run_on_commit, dataset, content, "二つ.csv")
    assert len(started) == 2  # pass one and pass two each took one
    reports = [LoadJob.objects.get(resource=r).report for r in (alone, shared)]
    assert reports[0] == reports[1] and reports[0]["row_count"] == 9000
    columns = '"番号", "名称", "開設日", "定員", "面積"'
    assert datastore_rows(alone, columns) == datastore_rows(shared, columns)
    assert datastore_rows(shared, columns)[6][1] == "ミナミ保育園7"


def _counting(init, calls):
    def counted(self, *args, **kwargs):
        calls.append(args[0].__name__)
        init(self, *args, **kwargs)

    return counted
