"""Test settings: the real settings, with a throw-away data directory and immediate tasks."""

import os
import tempfile

os.environ["HIRAKU_DATA_DIR"] = tempfile.mkdtemp(prefix="hiraku-test-")
os.environ.setdefault("HIRAKU_MAX_UPLOAD_MB", "5")

from hiraku.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

API_RATE_ANONYMOUS = ""  # rate limits are tested on their own (tests/api/test_rate_limits.py)
API_RATE_TOKEN = ""
