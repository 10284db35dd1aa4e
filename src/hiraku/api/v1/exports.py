"""Whole tables (with the records filters) as CSV, NDJSON, GeoJSON or XLSX, streamed."""

from __future__ import annotations

from django.http import HttpRequest, StreamingHttpResponse
from django.utils.http import content_disposition_header

from hiraku.api.access import TableRef
from hiraku.datastore import query as datastore
from hiraku.datastore.exports import export


def export_response(request: HttpRequest, ref: TableRef, query: datastore.RecordsQuery,
                    format: str, encoding: str) -> StreamingHttpResponse:
    table = ref.table
    columns = [table.column(n) for n in query.fields] if query.fields else table.columns
    fields = [{"name": c.name, "label": c.label, "type": c.type} for c in columns]
    stem = f"{ref.dataset_name}-{ref.resource_name}"
    # Checks the format, encoding and coordinates before the first byte is sent.
    stream = export(format, fields, datastore.iter_all(table, query), encoding=encoding,
                    filename_stem=stem)
    response = StreamingHttpResponse(stream, content_type=stream.media_type)
    response["Content-Disposition"] = content_disposition_header(True, stream.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
