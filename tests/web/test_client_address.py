"""The client address Django sees: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import pytest

from hiraku.wsgi import behind_trusted_proxies


def seen_address(remote: str, forwarded_for: str | None = None) -> str:
    environ = {"REMOTE_ADDR": remote, "wsgi.url_scheme": "http"}
    if forwarded_for is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded_for
    seen = {}

    def app(environ, start_response):
        seen["address"] = environ["REMOTE_ADDR"]
        return []

    behind_trusted_proxies(app)(environ, lambda *args: None)
    return seen["address"]


def test_local_proxy_is_trusted_by_default(monkeypatch):
    monkeypatch.delenv("HIRAKU_TRUSTED_PROXIES", raising=False)
    assert seen_address("127.0.0.1", "203.0.113.5") == "203.0.113.5"


def test_anyone_else_cannot_choose_their_address(monkeypatch):
    monkeypatch.delenv("HIRAKU_TRUSTED_PROXIES", raising=False)
    assert seen_address("198.51.100.7", "203.0.113.5") == "198.51.100.7"


@pytest.mark.parametrize(
    ("remote", "forwarded_for", "expected"),
    [
        ("10.1.2.3", "203.0.113.5", "203.0.113.5"),
        # The load balancer appends the address it saw; what the client wrote itself is
        # further left and ignored.
        ("10.1.2.3", "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        ("10.1.2.3", "203.0.113.5, 10.9.9.9", "203.0.113.5"),
        ("127.0.0.1", "203.0.113.5", "127.0.0.1"),
        ("10.1.2.3", None, "10.1.2.3"),
    ],
)
def test_configured_networks(monkeypatch, remote, forwarded_for, expected):
    monkeypatch.setenv("HIRAKU_TRUSTED_PROXIES", "10.0.0.0/8")
    assert seen_address(remote, forwarded_for) == expected
