"""The cluster fixture: PostgreSQL, SeaweedFS's S3 gateway, Redis, two gunicorn
app servers and HAProxy on loopback (bench/cluster.py), started once for the
module and stopped by the PIDs it recorded. Run with
`.venv/bin/pytest bench/tests` (or `make cluster-test`); `make test` never
collects this folder."""

import json
import shutil

import pytest

from bench.cluster import ADMIN, Cluster

CLASSES = 3
STUDENTS = 30

SEED = f"""
import io, json, random
from datetime import timedelta
from django.utils import timezone
from PIL import Image
from accounts.models import User
from classrooms.models import Assignment, Classroom, Enrolment
from literacy.models import Example
from literacy import services
from quizzes.models import Quiz
rng = random.Random(1)
for i in range(8):
    img = Image.new("RGB", (64, 48), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    buf = io.BytesIO(); img.save(buf, "PNG")
    synthetic = i % 2 == 1
    e = Example(key=f"load-{{i}}", title="Load test image", label="synthetic" if synthetic else "real",
                technique="gan" if synthetic else "photograph", family="load", difficulty=2, use="study",
                status="published", explanation="x", source="test", author="test", licence="CC0-1.0",
                generator="g" if synthetic else "",
                tells=[{{"shape": "rect", "x": 0.1, "y": 0.1, "w": 0.5, "h": 0.5, "note": "n"}}] if synthetic else [])
    services.example_create_from_upload(example=e, data=buf.getvalue(), name="x.png")
quiz = Quiz.objects.create(key="load", title="Load quiz", pool_size=6, pool_filters={{"families": ["load"]}},
                           pool_kinds=["real_or_synthetic"], shuffle=True)
admin = User(username={ADMIN[0]!r}, role="teacher", display_name="Admin", is_staff=True, is_superuser=True)
admin.set_password({ADMIN[1]!r}); admin.save()
teacher = User(username="teacher", role="teacher", display_name="Ms Teacher")
teacher.set_password("teacher-pass-123"); teacher.save()
classes = []
for c in range({CLASSES}):
    room = Classroom.objects.create(name=f"Class {{c}}", owner=teacher)
    for n in range({STUDENTS}):
        u = User(username=f"s{{c}}-{{n}}", role="student", display_name=f"Student {{c}}-{{n}}")
        u.set_password("load-test-pass-123"); u.save()
        Enrolment.objects.create(classroom=room, student=u)
    a = Assignment.objects.create(classroom=room, quiz=quiz, opens_at=timezone.now() - timedelta(minutes=5),
                                  attempts_allowed=1, created_by=teacher)
    classes.append({{"classroom": room.public_id, "assignment": a.public_id}})
print(json.dumps(classes))
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("cluster")
    running = Cluster(workdir, servers=2, workers=2, threads=4)
    running.start(seed=SEED)
    running.classes = json.loads(running.seed_output.strip().splitlines()[-1])
    try:
        yield running
    finally:
        running.stop()
        # Keep the logs of a failed run for reading; the rest is tmp_path's.
        shutil.rmtree(workdir / "weed", ignore_errors=True)
