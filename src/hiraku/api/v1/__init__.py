"""The native REST API, /api/v1 (django-ninja; OpenAPI at /api/v1/openapi.json)."""
