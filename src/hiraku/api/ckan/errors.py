"""CKAN's error types, with the exact `__type` strings clients (ckanapi) map to exceptions."""

from __future__ import annotations

from hiraku.errors import HirakuError


class CkanError(Exception):
    type_name = "Internal Server Error"
    status = 500

    def __init__(self, message: str, *, message_ja: str = "", fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.message_ja = message_ja
        self.fields = fields or {}

    def body(self) -> dict:
        error = {"__type": self.type_name, "message": self.message}
        if self.message_ja:
            error["message_ja"] = self.message_ja
            error["message_en"] = self.message
        return error


class ValidationFailed(CkanError):
    type_name = "Validation Error"
    status = 409

    def body(self) -> dict:
        # CKAN puts field errors at the top level of `error`.
        return {**{k: v for k, v in self.fields.items()}, "__type": self.type_name,
                "message": self.message, **({"message_ja": self.message_ja,
                                             "message_en": self.message}
                                            if self.message_ja else {})}


class NotFoundError(CkanError):
    type_name = "Not Found Error"
    status = 404


class NotAuthorizedError(CkanError):
    type_name = "Authorization Error"
    status = 403


class SearchQueryError(CkanError):
    type_name = "Search Query Error"
    status = 400


class QueryTimedOut(CkanError):
    type_name = "Timeout Error"
    status = 503


class BadRequest(CkanError):
    type_name = "Bad Request"
    status = 400


def from_hiraku(error: HirakuError) -> CkanError:
    """The CKAN error for a service's error, keeping both languages."""
    kind = {403: NotAuthorizedError, 404: NotFoundError, 409: ValidationFailed}.get(
        error.status, ValidationFailed if error.status == 400 else CkanError
    )
    prefix = {NotAuthorizedError: "Access denied: ", NotFoundError: "Not found: "}.get(kind, "")
    fields = {k: v for k, v in error.details.items()} if error.details else {}
    return kind(prefix + error.message_en, message_ja=error.message_ja, fields=fields)
