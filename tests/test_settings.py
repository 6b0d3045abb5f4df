import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="lab.example.org"
    )
    env.update(extra)
    return env


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env=production_env())
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = production_env(DJANGO_SECRET_KEY="x" * 64 + "-a-long-random-production-secret")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path, django_db_blocker):
    from django.conf import settings
    from django.db.backends.sqlite3.base import DatabaseWrapper

    configured = settings.DATABASES["default"]
    if configured["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite-specific: this run uses " + configured["ENGINE"])
    wrapper = DatabaseWrapper(
        {**configured, "NAME": str(tmp_path / "wal.sqlite3"), "TEST": {}}, alias="wal-check"
    )
    with django_db_blocker.unblock():
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20000
            # An IMMEDIATE transaction takes the write lock when it begins
            # (a DEFERRED one would wait for its first write): a second writer
            # is refused at BEGIN instead of failing half-way through.
            wrapper._start_transaction_under_autocommit()
            other = sqlite3.connect(str(tmp_path / "wal.sqlite3"), timeout=0)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
            wrapper.connection.rollback()
        wrapper.close()
