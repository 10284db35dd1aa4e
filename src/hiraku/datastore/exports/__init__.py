"""Whole datastore tables as CSV (UTF-8 with BOM, or CP932), JSON, NDJSON, GeoJSON and XLSX,
streamed in constant memory. Plain Python: rows in, byte chunks out.

    stream = export("csv", fields, cursor, encoding="cp932", filename_stem="aed")
    StreamingHttpResponse(stream, content_type=stream.media_type)   # in the API layer
    stream.counts.unencodable   # after the last chunk
"""

from hiraku.datastore.exports.cells import FORMULA_TRIGGERS, neutralize
from hiraku.datastore.exports.chunks import CHUNK_SIZE
from hiraku.datastore.exports.coordinates import CoordinateColumns, coordinates
from hiraku.datastore.exports.counts import ExportCounts
from hiraku.datastore.exports.formats import FORMATS, ExportError, ExportFormat
from hiraku.datastore.exports.stream import Export, export, measure

__all__ = [
    "CHUNK_SIZE",
    "FORMATS",
    "FORMULA_TRIGGERS",
    "CoordinateColumns",
    "Export",
    "ExportCounts",
    "ExportError",
    "ExportFormat",
    "coordinates",
    "export",
    "measure",
    "neutralize",
]
