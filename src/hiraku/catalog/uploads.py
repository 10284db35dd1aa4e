"""Refuse oversized uploads while they stream in, before they reach the disk."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class UploadTooLarge(Exception):
    def __init__(self, limit_bytes: int) -> None:
        self.limit_bytes = limit_bytes
        mb = limit_bytes // (1024 * 1024)
        self.message_ja = f"ファイルが大きすぎます（上限 {mb} MB）。何も保存されていません。"
        self.message_en = f"The file is too large (limit {mb} MB). Nothing was stored."
        super().__init__(self.message_en)


def upload_limit_bytes() -> int:
    return settings.MAX_UPLOAD_BYTES


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading the request once the upload passes the size limit.

    The view then finds ``request.upload_too_large`` set and answers with a clear message;
    nothing is written to storage.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.total = 0
        if content_length and content_length > upload_limit_bytes() + 64 * 1024:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return None

    def receive_data_chunk(self, raw_data, start):
        self.total = start + len(raw_data)
        if self.total > upload_limit_bytes():
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
