"""Downloads return the original bytes, with a correct Japanese file name and cache headers."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

CP932_BYTES = "名称,住所\r\n髙島屋①,㈱本町１－２～３\r\n".encode("cp932")


@pytest.fixture
def uploaded():
    org = factories.organization()
    dataset = factories.dataset(org, "hinanjo")
    return factories.resource(dataset, CP932_BYTES, "避難所一覧（令和5年度）.csv")


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_cp932_upload_downloads_byte_for_byte(client, uploaded):
    response = client.get(uploaded.get_download_url())
    assert response.status_code == 200
    assert _body(response) == CP932_BYTES
    assert uploaded.sha256 == hashlib.sha256(CP932_BYTES).hexdigest()
    assert uploaded.size == len(CP932_BYTES)


def test_japanese_filename_uses_rfc5987_encoding(client, uploaded):
    disposition = client.get(uploaded.get_download_url())["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''" + quote("避難所一覧（令和5年度）.csv") in disposition


def test_etag_and_last_modified_allow_conditional_requests(client, uploaded):
    url = uploaded.get_download_url()
    response = client.get(url)
    assert response["ETag"] == f'"{uploaded.sha256}"'
    assert "Last-Modified" in response
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_uploads_are_never_rendered_inline(client):
    org = factories.organization()
    dataset = factories.dataset(org, "evil")
    resource = factories.resource(dataset, b"<svg onload=alert(1)>", "evil.svg")
    response = client.get(resource.get_download_url())
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_storage_path_never_uses_the_uploaded_name(uploaded):
    assert "避難所" not in uploaded.file.name
    assert uploaded.file.name.startswith(f"resources/{uploaded.pk}/")


def test_unknown_resource_is_a_404(client, uploaded):
    unknown = "00000000-0000-0000-0000-000000000000"
    url = uploaded.get_download_url().replace(str(uploaded.pk), unknown)
    assert client.get(url).status_code == 404
