"""The limit counters' cache: Redis when DJANGO_REDIS_URL is set (every app
server counts into one window), the file cache otherwise; a cache server that
does not answer lets people in rather than failing their request. No Redis is
needed here (bench/tests/test_cluster.py counts across two real servers)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from shared.limits import Limit

ROOT = Path(__file__).resolve().parent.parent

CACHE_PROBE = """
from django.conf import settings
c = settings.CACHES["default"]
print(c["BACKEND"].rsplit(".", 1)[1], c["LOCATION"], c.get("KEY_PREFIX", "-"))
"""


def probe_cache(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DLL_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **extra)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CACHE_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_the_counters_are_in_a_file_cache_on_one_server(tmp_path):
    assert probe_cache(DJANGO_CACHE_DIR=str(tmp_path)) == ["FileBasedCache", str(tmp_path), "-"]


def test_the_counters_are_in_redis_when_a_url_is_given():
    found = probe_cache(DJANGO_REDIS_URL="redis://127.0.0.1:6390/2")
    assert found == ["RedisCache", "redis://127.0.0.1:6390/2", "dll"]


class DownCache(LocMemCache):
    """A cache whose server does not answer, as redis-py reports it."""

    def get(self, *args, **kwargs):
        raise RedisConnectionError("Connection refused")

    def set(self, *args, **kwargs):
        raise RedisConnectionError("Connection refused")

    def clear(self):
        pass


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "tests.test_shared_cache.DownCache"}}


def test_a_limit_lets_people_through_when_the_cache_is_down(cache_down):
    limit = Limit("down", count=1, seconds=60)
    assert limit.take("192.0.2.1")
    assert limit.take("192.0.2.1")
    assert not limit.reached("192.0.2.1")


@pytest.mark.django_db
def test_logging_in_and_joining_still_work_when_the_cache_is_down(cache_down, classroom, student):
    client = Client()
    response = client.post("/accounts/login/", {"username": "charlie", "password": "correct horse battery"})
    assert response.status_code == 302
    joined = Client().post(
        "/classes/join/",
        {"code": classroom.join_code, "display_name": "Sam", "password": "purple-otter-42"},
    )
    assert joined.status_code == 302
