"""Every change is recorded: who, when, what."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.http import HttpResponse

from hiraku.catalog import services
from hiraku.catalog.models import Dataset
from tests import factories

pytestmark = pytest.mark.django_db


def test_dataset_update_records_actor_and_changed_fields():
    org = factories.organization("bosai", "防災課")
    editor = factories.staff("editor", org)
    dataset = factories.dataset(org, "aed", "AED一覧")
    services.update_dataset(editor, dataset, title="AED設置箇所一覧")
    entry = (
        LogEntry.objects.get_for_object(dataset)
        .filter(action=LogEntry.Action.UPDATE)
        .latest("timestamp")
    )
    assert entry.actor == editor
    assert entry.changes_dict["title"] == ["AED一覧", "AED設置箇所一覧"]
    assert entry.timestamp is not None


def test_admin_edit_is_recorded_with_the_logged_in_user(client):
    org = factories.organization("bosai", "防災課")
    editor = factories.staff("editor", org)
    dataset = factories.dataset(org, "aed", "AED一覧")
    client.force_login(editor)
    response = client.post(
        f"/admin/catalog/dataset/{dataset.pk}/change/",
        {
            "organization": str(org.pk),
            "title": "AED一覧（更新）",
            "name": "aed",
            "license": "cc-by-4.0",
            "tag_string": "AED, 防災",
            "resources-TOTAL_FORMS": "0",
            "resources-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    dataset.refresh_from_db()
    assert dataset.title == "AED一覧（更新）"
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["AED", "防災"]
    entry = LogEntry.objects.get_for_object(dataset).latest("timestamp")
    assert entry.actor == editor


def test_resource_upload_and_deletion_are_recorded():
    org = factories.organization()
    dataset = factories.dataset(org)
    resource = factories.resource(dataset)
    rid = resource.pk
    services.delete_resource(factories.platform_admin(), resource)
    actions = list(LogEntry.objects.filter(object_pk=str(rid)).values_list("action", flat=True))
    assert LogEntry.Action.CREATE in actions
    assert LogEntry.Action.DELETE in actions


def test_dataset_deletion_is_a_recorded_state_change():
    org = factories.organization()
    dataset = factories.dataset(org, "old")
    services.delete_dataset(factories.platform_admin(), dataset)
    assert Dataset.objects.get(name="old").state == "deleted"
    entry = LogEntry.objects.get_for_object(dataset).latest("timestamp")
    assert entry.changes_dict["state"] == ["active", "deleted"]


@pytest.mark.parametrize(("method", "actor_set"),
                         [("GET", False), ("HEAD", False), ("OPTIONS", False),
                          ("POST", True), ("PUT", True), ("DELETE", True)])
def test_the_middleware_names_the_actor_only_for_requests_that_may_change_something(
        rf, method, actor_set):
    from auditlog.context import auditlog_value
    from django.contrib.auth.models import AnonymousUser

    from hiraku.catalog.audit import AuditlogMiddleware

    seen = []

    def view(request):
        seen.append(auditlog_value.get(None))
        return HttpResponse("ok")

    request = rf.generic(method, "/admin/")
    request.user = AnonymousUser()
    token = auditlog_value.set(None)
    try:
        assert AuditlogMiddleware(view)(request).status_code == 200
    finally:
        auditlog_value.reset(token)
    assert (seen[0] is not None) is actor_set
    if actor_set:
        assert seen[0]["remote_addr"] == "127.0.0.1"
