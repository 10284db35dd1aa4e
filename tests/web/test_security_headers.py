"""Security headers are on by default."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_forms_need_a_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403


def _django_csp_headers(request, response):
    from csp.middleware import CSPMiddleware

    plain = CSPMiddleware(lambda r: response).process_response(request, response)
    return {h: plain[h] for h in ("Content-Security-Policy",
                                   "Content-Security-Policy-Report-Only") if h in plain}


@pytest.mark.parametrize("report_only", [False, True])
def test_the_fixed_headers_are_the_ones_django_csp_builds(rf, settings, report_only):
    from django.http import HttpResponse

    from hiraku.web.csp import ContentSecurityPolicyMiddleware

    if report_only:
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
            "DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-report/"}}
    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("ok"))
    request = rf.get("/api/v1/")
    middleware.process_request(request)
    ours = middleware.process_response(request, HttpResponse("ok"))
    expected = _django_csp_headers(rf.get("/api/v1/"), HttpResponse("ok"))
    assert "Content-Security-Policy" in expected
    assert ("Content-Security-Policy-Report-Only" in expected) is report_only
    assert {h: ours[h] for h in expected} == expected
    assert set(expected) == {h for h in ("Content-Security-Policy",
                                         "Content-Security-Policy-Report-Only") if h in ours}
    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)


def test_a_drawn_nonce_or_a_per_view_policy_still_reaches_the_header(rf, settings):
    from csp.constants import NONCE, SELF
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from hiraku.web.csp import ContentSecurityPolicyMiddleware

    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy, "DIRECTIVES": {**policy["DIRECTIVES"], "script-src": [SELF, NONCE]}}
    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("ok"))
    request = rf.get("/")
    middleware.process_request(request)
    nonce = str(request.csp_nonce)
    response = middleware.process_response(request, HttpResponse("ok"))
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]

    view = csp_update({"img-src": ["https://tiles.example.jp"]})(lambda r: HttpResponse("ok"))
    request = rf.get("/")
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    assert "https://tiles.example.jp" in response["Content-Security-Policy"]


def test_an_api_response_carries_the_policy(client):
    response = client.get("/api/v1/datasets")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
