"""The one error type users see: a stable code and a message in Japanese and English."""

from __future__ import annotations


class HirakuError(Exception):
    """A failure to show to a user (never a stack trace)."""

    code = "error"
    status = 400

    def __init__(
        self,
        message_ja: str,
        message_en: str,
        *,
        code: str | None = None,
        details: dict | None = None,
    ) -> None:
        super().__init__(message_en)
        self.message_ja = message_ja
        self.message_en = message_en
        if code:
            self.code = code
        self.details = details or {}

    def message(self, language: str | None) -> str:
        return self.message_en if (language or "ja").startswith("en") else self.message_ja

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message_ja": self.message_ja,
            "message_en": self.message_en,
            **({"details": self.details} if self.details else {}),
        }


class NotAllowed(HirakuError):
    code = "forbidden"
    status = 403


class NotFound(HirakuError):
    code = "not-found"
    status = 404


class Invalid(HirakuError):
    code = "invalid"
    status = 409
