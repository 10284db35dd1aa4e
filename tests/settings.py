"""Test settings: the real settings, with a throw-away data directory and immediate tasks."""

import os
import tempfile

os.environ["HIRAKU_DATA_DIR"] = tempfile.mkdtemp(prefix="hiraku-test-")
os.environ.setdefault("HIRAKU_MAX_UPLOAD_MB", "5")

from hiraku.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
