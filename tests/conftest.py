"""Fixtures for the site-wide tests: a production-like site served by a real
gunicorn (tests/test_concurrency.py, tests/test_security.py)."""

import os
import shutil

import pytest

from bench import server

STUDENTS = 60

SEED = """
import io, random
from PIL import Image
from accounts.models import User
from literacy.models import Example
from literacy import services
from quizzes.models import Quiz
rng = random.Random(1)
for i in range(8):
    img = Image.new("RGB", (32, 32), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    buf = io.BytesIO(); img.save(buf, "PNG")
    synthetic = i % 2 == 1
    e = Example(key=f"load-{i}", title="Load test image", label="synthetic" if synthetic else "real",
                technique="gan" if synthetic else "photograph", family="load", difficulty=2, use="study",
                status="published", explanation="x", source="test", author="test", licence="CC0-1.0",
                generator="g" if synthetic else "",
                tells=[{"shape": "rect", "x": 0.1, "y": 0.1, "w": 0.5, "h": 0.5, "note": "n"}] if synthetic else [])
    services.example_create_from_upload(example=e, data=buf.getvalue(), name="x.png")
Quiz.objects.create(key="load", title="Load quiz", pool_size=6, pool_filters={"families": ["load"]},
                    pool_kinds=["real_or_synthetic"], shuffle=True)
for i in range(STUDENTS_N):
    u = User(username=f"load{i}", role="student", display_name=f"Student {i}")
    u.set_password("load-test-pass-123")
    u.save()
print(Quiz.objects.get(key="load").public_id)
""".replace("STUDENTS_N", str(STUDENTS))


@pytest.fixture(scope="session")
def site_template(tmp_path_factory):
    """Migrate, collect static files and seed a production-like site once; each
    test then gets its own copy (a file copy on SQLite, CREATE DATABASE ...
    TEMPLATE on PostgreSQL), so a test never sees another's answers."""
    workdir = tmp_path_factory.mktemp("site-template")
    url = os.environ.get("DATABASE_URL", "")
    database = "sqlite"
    if url.startswith("postgres"):
        database = url.rsplit("/", 1)[0] + f"/dll_load_tpl_{os.getpid()}"
        server.reset_postgres(database)
    env = server.site_env(database, workdir=workdir)
    server.manage("migrate", "--no-input", env=env, quiet=True)
    server.manage("collectstatic", "--no-input", env=env, quiet=True)
    quiz_id = server.manage("shell", "-c", SEED, env=env, quiet=True).strip().splitlines()[-1]
    yield database, workdir, quiz_id
    if database != "sqlite":
        server.drop_postgres(database)


@pytest.fixture
def site(site_template, tmp_path):
    template_db, template_dir, quiz_id = site_template
    database = template_db
    if template_db != "sqlite":
        database = template_db.rsplit("/", 1)[0] + f"/dll_load_{os.getpid()}"
        server.clone_postgres(template_db, database)
    env = server.site_env(database, workdir=tmp_path)
    env["DJANGO_STATIC_ROOT"] = str(template_dir / "static")  # read only: shared
    if template_db == "sqlite":
        for file in template_dir.glob("bench.sqlite3*"):
            shutil.copy2(file, tmp_path / file.name)
    shutil.copytree(template_dir / "media", tmp_path / "media")
    yield env, quiz_id
    if template_db != "sqlite":
        server.drop_postgres(database)
