"""Standard-dataset schemas (自治体標準オープンデータセット) and header matching.

The schema files are Frictionless Table Schema JSON in this folder; README.md describes them.
"""

from hiraku.schemas.headers import fold_header, match_headers
from hiraku.schemas.registry import detect_schema, get_schema, list_schemas

__all__ = ["detect_schema", "fold_header", "get_schema", "list_schemas", "match_headers"]
