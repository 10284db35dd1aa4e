import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiraku.settings")
application = get_wsgi_application()

from hiraku.query_limits import limit_web_queries  # noqa: E402  (needs the settings)

limit_web_queries()
