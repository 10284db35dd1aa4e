"""A ceiling on the catalog queries of web requests, enforced by PostgreSQL.

Public search and filter parameters shape catalog queries, and a combination nobody
foresaw can make the planner or executor run for minutes (a fuzzed request once did),
holding a request thread and a database connection. Web processes therefore set
``statement_timeout`` on every catalog connection they open; commands and background
workers (migrations, reindexing, loads) never import this and keep no limit. The datastore
has its own, shorter limits per query (``hiraku.datastore.query.time_limit``).
"""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.db.utils import OperationalError
from django.http import HttpRequest, HttpResponse

from hiraku import config
from hiraku.http_errors import early_error

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for statement_timeout
MESSAGE_JA = (
    "処理に時間がかかりすぎたため中止しました。条件を変えて、しばらくしてから再度お試しください。"
)
MESSAGE_EN = "The request took too long and was stopped. Change the conditions or try again later."


def limit_web_queries() -> None:
    """Called by the web entry point (wsgi) only."""
    if config.get_int("HIRAKU_WEB_QUERY_TIME_LIMIT_MS") > 0:
        connection_created.connect(set_time_limit, weak=False, dispatch_uid="hiraku-web-limit")


def set_time_limit(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql" or connection.alias != "default":
        return
    milliseconds = config.get_int("HIRAKU_WEB_QUERY_TIME_LIMIT_MS")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)])


def was_cancelled(exception: BaseException) -> bool:
    cause = exception.__cause__
    return isinstance(exception, OperationalError) and getattr(cause, "sqlstate", None) == (
        QUERY_CANCELED
    )


class QueryTimeoutMiddleware:
    """A cancelled query is a clear 503 in both languages, not a server error page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not was_cancelled(exception):
            return None
        response = early_error(request, status=503, code="query-timeout",
                               ckan_type="Timeout Error", message_ja=MESSAGE_JA,
                               message_en=MESSAGE_EN)
        response["Retry-After"] = "30"
        return response
