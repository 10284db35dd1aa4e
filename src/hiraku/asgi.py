"""The application `hiraku serve` runs: Django's WSGI handler on a pool of reused threads
behind uvicorn (a2wsgi bridges the two).

Hiraku's views are synchronous. Under Django's own ASGI handler each request would start a
new thread and hop between the event loop and threads several times, and database
connections could never be reused; measured on the records API that overhead was larger
than the query itself. A fixed thread pool keeps one persistent connection per thread.
"""

import os

from a2wsgi import WSGIMiddleware
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiraku.settings")

from hiraku import config
from hiraku.query_limits import limit_web_queries

limit_web_queries()
application = WSGIMiddleware(get_wsgi_application(), workers=config.get_int("HIRAKU_THREADS"))
