"""Reading tables from the files municipalities publish: CSV/TSV in any Japanese encoding,
Excel (xlsx, xls), JSON and GeoJSON, streamed row by row with line numbers kept.

Start with ``open_table(path)``; see ``read.py`` for the reading loop.
"""

from hiraku.tabular.errors import MESSAGES, Note, TabularError
from hiraku.tabular.read import RawRow, RawTable, RowStream, open_table
from hiraku.tabular.sniff import EncodingResult, detect_encoding, detect_format

__all__ = [
    "MESSAGES",
    "EncodingResult",
    "Note",
    "RawRow",
    "RawTable",
    "RowStream",
    "TabularError",
    "detect_encoding",
    "detect_format",
    "open_table",
]
