"""Typed errors for values that look right but cannot be, with messages in Japanese and English."""

from __future__ import annotations


class JpValueError(ValueError):
    """A cell that has the shape of a value (a date, a time…) but cannot be one.

    ``code`` is a stable machine-readable reason so reports can count and group errors;
    ``message_ja`` / ``message_en`` are shown to people.
    """

    def __init__(self, code: str, message_ja: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_ja = message_ja
        self.message_en = message_en


class ImpossibleDate(JpValueError):
    """A date-shaped cell naming no real day (令和5年2月29日, 13月, 平成31年5月1日)."""


class ImpossibleTime(JpValueError):
    """A time-shaped cell naming a time that does not exist (25:00, 9:75)."""
