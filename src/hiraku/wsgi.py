"""The application `hiraku serve` runs (and any other WSGI server can)."""

import os

from django.core.wsgi import get_wsgi_application
from granian.utils.proxies import wrap_wsgi_with_proxy_headers

from hiraku import config
from hiraku.query_limits import limit_web_queries

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiraku.settings")


def behind_trusted_proxies(app):
    """Behind a load balancer the client's address comes from X-Forwarded-For, believed only
    when the connection comes from a proxy in HIRAKU_TRUSTED_PROXIES (rate limits and the
    audit log key on that address, so anyone else must not be able to choose it)."""
    return wrap_wsgi_with_proxy_headers(app, trusted_hosts=config.get("HIRAKU_TRUSTED_PROXIES"))


application = behind_trusted_proxies(get_wsgi_application())
limit_web_queries()
