from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from hiraku.errors import HirakuError

api = NinjaAPI(
    title="Hiraku API",
    version="1",
    description=(
        "Open data of the municipality: datasets, resources, records of every table (filters, "
        "full-text search, sort, paging, exact totals), group-by counts, read-only SQL and the "
        "data dictionary. JSON by default; CSV (UTF-8 with BOM, or `encoding=cp932` for Excel), "
        "NDJSON, GeoJSON and XLSX on request. Errors carry a message in Japanese and English."
    ),
    urls_namespace="api-v1",
)


def error_response(code: str, message_ja: str, message_en: str, status: int,
                   details: dict | None = None) -> JsonResponse:
    body = {"error": {"code": code, "message_ja": message_ja, "message_en": message_en}}
    if details:
        body["error"]["details"] = details
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return response


@api.exception_handler(HirakuError)
def hiraku_error(request: HttpRequest, error: HirakuError):
    return error_response(error.code, error.message_ja, error.message_en, error.status,
                          error.details or None)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError):
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', []))}: {e.get('msg', '')}" for e in error.errors
    )
    return error_response("invalid-parameter", f"パラメータが正しくありません: {problems}",
                          f"Invalid parameters: {problems}", 400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError):
    return error_response("http-error", str(error), str(error), error.status_code)


from hiraku.api.v1 import catalog, records  # noqa: E402  (routers register on import)

api.add_router("/", catalog.router)
api.add_router("/", records.router)
