"""/api/3/action/<name> and /api/action/<name>: CKAN's transport and envelope."""

from __future__ import annotations

import contextlib
import json
import logging
import re

import orjson
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from hiraku import nul_bytes, query_limits
from hiraku.api.auth import api_user
from hiraku.api.ckan import datastore_actions, read, write  # noqa: F401  (register actions)
from hiraku.api.ckan.errors import (
    BadRequest,
    CkanError,
    QueryTimedOut,
    ValidationFailed,
    from_hiraku,
)
from hiraku.api.ckan.registry import ACTIONS, Context
from hiraku.catalog.uploads import UploadTooLarge, upload_limit_bytes
from hiraku.errors import HirakuError

log = logging.getLogger(__name__)
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")


def _help_url(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(f"/api/3/action/help_show?name={name}")


def _data_dict(request: HttpRequest) -> dict:
    if request.method == "GET":
        return {key: values if len(values) > 1 else values[0]
                for key, values in request.GET.lists()}
    content_type = request.content_type or ""
    if content_type.startswith("multipart/form-data") or \
            content_type.startswith("application/x-www-form-urlencoded"):
        data = {key: values if len(values) > 1 else values[0]
                for key, values in request.POST.lists()}  # parsing sets upload_too_large
        if getattr(request, "upload_too_large", False):
            error = UploadTooLarge(upload_limit_bytes())
            raise ValidationFailed(error.message_en, message_ja=error.message_ja,
                                   fields={"upload": [error.message_en]})
        if len(data) == 1 and next(iter(data.values())) == "":  # a JSON string as the only key
            with contextlib.suppress(json.JSONDecodeError):
                data = json.loads(next(iter(data)))
        for key, upload in request.FILES.items():
            data[key] = upload
        return data
    body = request.body.strip()
    if not body:
        return {}
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadRequest("Bad request - JSON Error: could not parse the request body",
                         message_ja="リクエスト本文の JSON を読めません。") from None
    if not isinstance(data, dict):
        raise BadRequest("Bad request - JSON Error: the request body must be a JSON object",
                         message_ja="リクエスト本文は JSON オブジェクトにしてください。")
    return data


def _refuse_nul(data: dict) -> dict:
    if nul_bytes.contains_nul(data):  # PostgreSQL text cannot hold U+0000
        raise BadRequest(nul_bytes.MESSAGE_EN, message_ja=nul_bytes.MESSAGE_JA)
    return data


def _reply(request: HttpRequest, name: str, body: dict, status: int) -> HttpResponse:
    callback = request.GET.get("callback") if request.method == "GET" else None
    payload = orjson.dumps(body)
    if callback and status == 200 and _CALLBACK.match(callback):
        return HttpResponse(b"/**/" + callback.encode() + b"(" + payload + b");",
                            content_type="application/javascript")
    return HttpResponse(payload, status=status, content_type="application/json;charset=utf-8")


def _error(request: HttpRequest, name: str, error: CkanError) -> HttpResponse:
    return _reply(request, name, {"help": _help_url(request, name), "success": False,
                                  "error": error.body()}, error.status)


@csrf_exempt
def action_view(request: HttpRequest, name: str) -> HttpResponse:
    found = ACTIONS.get(name)
    if found is None:
        return JsonResponse(f"Bad request: Action name not known: {name}", safe=False,
                            status=400)
    if request.method not in ("GET", "POST"):
        return JsonResponse("Bad request: use GET or POST", safe=False, status=405)
    if request.method == "GET" and not found.side_effect_free:
        return _error(request, name, BadRequest(
            "Bad request: Invalid request. Please use POST method for your request",
            message_ja="この操作は POST で呼び出してください。"))
    try:
        user = api_user(request)
        if request.method == "POST" and getattr(request, "api_token", None) is None:
            # Session cookies don't authorize writes here: the API is CSRF-exempt.
            user = AnonymousUser()
        if request.GET.get("callback"):
            user = AnonymousUser()  # JSONP is always anonymous, as in CKAN
        data = _refuse_nul(_data_dict(request))
        with transaction.atomic():
            result = found.function(Context(request, user), data)
    except CkanError as error:
        return _error(request, name, error)
    except HirakuError as error:
        return _error(request, name, from_hiraku(error))
    except Exception as error:
        if query_limits.was_cancelled(error):
            return _error(request, name, QueryTimedOut(query_limits.MESSAGE_EN,
                                                       message_ja=query_limits.MESSAGE_JA))
        log.exception("CKAN action %s failed", name)
        return _error(request, name, CkanError("Internal Server Error",
                                               message_ja="サーバー内部でエラーが発生しました。"))
    return _reply(request, name, {"help": _help_url(request, name), "success": True,
                                  "result": result}, 200)
