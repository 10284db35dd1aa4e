"""`hiraku token create USERNAME` prints a working token."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hiraku.api.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db


def test_token_create_prints_a_token_that_authenticates(client):
    factories.staff("alice")
    out = io.StringIO()
    call_command("token", "create", "alice", stdout=out)
    secret = out.getvalue().strip()
    assert secret.startswith("hk_") and len(secret) > 30
    token = ApiToken.objects.get(user__username="alice")
    assert secret not in token.digest and token.prefix == secret[:10]
    response = client.get("/api/3/action/package_list", HTTP_AUTHORIZATION=secret)
    assert response.status_code == 200


def test_token_for_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="No such user"):
        call_command("token", "create", "nobody")


def test_admin_token_creation_shows_the_secret_once(client):
    admin = factories.platform_admin()
    client.force_login(admin)
    response = client.post("/admin/api/apitoken/add/", {"user": admin.pk, "name": "harvester"},
                           follow=True)
    assert "hk_" in response.text
    assert ApiToken.objects.filter(name="harvester").exists()
