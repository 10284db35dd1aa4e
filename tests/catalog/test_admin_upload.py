"""Staff upload files through the admin; oversized ones are refused with a clear message."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hiraku.catalog.models import Resource
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_and_dataset():
    org = factories.organization("bosai", "防災課")
    return factories.staff("editor", org), factories.dataset(org, "aed", "AED")


def _post(client, dataset, upload):
    return client.post(
        "/admin/catalog/resource/add/",
        {
            "dataset": str(dataset.pk),
            "name": "AED一覧",
            "upload": upload,
            "position": "0",
            "url": "",
            "format": "",
        },
    )


def test_editor_uploads_a_file(client, editor_and_dataset):
    editor, dataset = editor_and_dataset
    client.force_login(editor)
    content = "名称\n市役所\n".encode("cp932")
    response = _post(client, dataset, SimpleUploadedFile("ＡＥＤ一覧.csv", content))
    assert response.status_code == 302, response.text[:3000]
    resource = Resource.objects.get()
    assert resource.filename == "ＡＥＤ一覧.csv"
    assert resource.format == "CSV"
    assert resource.file.read() == content


def test_oversized_upload_gets_a_bilingual_message_and_nothing_is_stored(
    client, editor_and_dataset, settings, tmp_path
):
    settings.MAX_UPLOAD_BYTES = 10_000
    settings.MEDIA_ROOT = str(tmp_path)
    editor, dataset = editor_and_dataset
    client.force_login(editor)
    response = _post(client, dataset, SimpleUploadedFile("big.csv", b"x" * 50_000))
    assert response.status_code == 200
    assert "ファイルが大きすぎます" in response.text
    assert "The file is too large" in response.text
    assert not Resource.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
