"""Test settings: fast hasher, plain static storage (manifest names 404 under
live_server), a throwaway media folder."""

import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Small renditions: the pipeline is the same, the encoding far cheaper.
RENDITION_WIDTHS = {"library": (100, 150, 200), "quiz": (110, 160), "ela": (120,)}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dll-test-media-"))
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# WhiteNoise warns about a missing STATIC_ROOT; tests serve from the finders.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="dll-test-static-"))
# Limit counters in memory, emptied before each test (conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
