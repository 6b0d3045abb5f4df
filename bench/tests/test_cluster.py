"""Many app servers on one machine (bench/cluster.py): PostgreSQL, SeaweedFS's
S3 gateway, Redis, two gunicorn servers and HAProxy, all on loopback.

- an example uploaded through server A is served by server B, from the bucket;
- the limit counters are shared: wrong join codes sent to both servers count
  in one window;
- a class answers a quiz with every request alternating between the servers
  while the teacher's dashboard polls through the balancer;
- one app server is killed mid-run and restarted: every acknowledged answer is
  stored exactly once, no attempt is half-written, the dashboard matches the
  database;
- the object store is killed mid-run and restarted: uploads fail with a clear
  message and nothing half-made remains.

Every loop is bounded; nothing sleeps to wait for a result it could poll."""

import http.client
import http.cookiejar
import io
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from PIL import Image

from bench.cluster import ADMIN, BUCKET
from bench.tests.conftest import STUDENTS

pytestmark = pytest.mark.slow

PASSWORD = "load-test-pass-123"
ANSWER_RE = re.compile(r'action="(/quizzes/attempt/([^/"]+)/answer/([^/"]+)/)"')
MEDIA_RE = re.compile(r'src="(/quizzes/attempt/[^"]+/media/[^"]+\.webp)"')
STATUS_RE = re.compile(r"(\d+) finished · (\d+) started · (\d+) not started")
UNAVAILABLE = "The media store did not answer, so nothing was saved"
# Statuses a balancer or a dying server gives when the request may not have
# been handled: the client tries again, as a browser's user would.
RETRY_STATUSES = {502, 503, 504}


class Browser:
    """One person's browser: a cookie jar, and the servers it talks to (the
    balancer, or the app servers in turn so that every other request goes to
    the other one)."""

    def __init__(self, bases: list[str]):
        self.bases = bases
        self.turn = 0
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.retried = 0

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path, data=None, *, htmx=False, files=None, tries=60):
        """Send a request; on no answer, an answer cut short, or a 502/503/504,
        send the same one again (up to `tries` times, backing off to half a second)."""
        for attempt in range(tries):
            base = self.bases[self.turn % len(self.bases)]
            self.turn += 1
            headers = {"Referer": base + "/"}
            body = None
            if data is not None or files:
                headers["X-CSRFToken"] = self.csrf()
                if files:
                    body, headers["Content-Type"] = multipart(data or {}, files)
                else:
                    body = urllib.parse.urlencode(data).encode()
            if htmx:
                headers["HX-Request"] = "true"
            req = urllib.request.Request(base + path, data=body, headers=headers)
            try:
                try:
                    with self.opener.open(req, timeout=30) as response:
                        return response.status, response.read()
                except urllib.error.HTTPError as exc:
                    if exc.code not in RETRY_STATUSES:
                        return exc.code, exc.read()
            # A server killed while it sends its answer leaves the response cut
            # short (http.client.IncompleteRead): the answer never arrived, so
            # it was not acknowledged, and the browser's user sends it again.
            except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
                pass
            self.retried += 1
            time.sleep(min(0.5, 0.05 * (attempt + 1)))
        raise AssertionError(f"no answer for {path} after {tries} tries")

    def text(self, path, data=None, **kwargs) -> tuple[int, str]:
        status, body = self.request(path, data, **kwargs)
        return status, body.decode()

    def log_in(self, username, password=PASSWORD):
        self.request("/accounts/login/")
        status, _ = self.request("/accounts/login/", {"username": username, "password": password})
        assert status == 200, f"{username} could not log in"
        assert any(c.name == "sessionid" for c in self.jar)


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def png(seed: int) -> bytes:
    image = Image.new("RGB", (80, 60), ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    image.putpixel((seed % 80, seed % 60), (255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def example_form(key: str) -> dict:
    return {
        "key": key,
        "title": f"Uploaded {key}",
        "media_kind": "image",
        "label": "real",
        "technique": "photograph",
        "family": "cluster",
        "difficulty": "2",
        "use": "study",
        "status": "published",
        "item_set": "",
        "explanation": "Uploaded by the cluster test.",
        "source": "cluster test",
        "author": "cluster test",
        "licence": "CC0-1.0",
        "tells": "[]",
        "made": "{}",
    }


def upload(admin: Browser, key: str, seed: int) -> tuple[int, str]:
    admin.request("/admin/literacy/example/add/")
    return admin.text(
        "/admin/literacy/example/add/",
        example_form(key),
        files={"upload": (f"{key}.png", png(seed), "image/png")},
    )


MEDIA_STATE = """
import json
from literacy.models import Example, Rendition
print(json.dumps({
    "examples": {e.key: {"original": e.original.name, "files": sorted(r.file.name for r in e.renditions.all()),
                         "library": [r.token for r in e.renditions.all() if r.purpose == "library"]}
                 for e in Example.objects.prefetch_related("renditions")},
}))
"""

ANSWER_STATE = """
import json
from django.db.models import Count, Q
from classrooms.models import AssignmentAttempt
from quizzes.models import Attempt, AttemptItem
ids = list(AssignmentAttempt.objects.filter(assignment__public_id=%r).values_list("attempt_id", flat=True))
rows = list(Attempt.objects.filter(pk__in=ids).annotate(
    answered=Count("items", filter=Q(items__answered_at__isnull=False)), items_n=Count("items")))
items = AttemptItem.objects.filter(attempt_id__in=ids, answered_at__isnull=False)
per_student = Attempt.objects.filter(pk__in=ids).values("user_id").annotate(n=Count("id")).values_list("n", flat=True)
print(json.dumps({
    "attempts": len(ids),
    "finished": sum(1 for r in rows if r.finished_at),
    "started": sum(1 for r in rows if not r.finished_at),
    "half_written": [r.public_id for r in rows if r.answered != r.answered_count or r.items_n != r.item_count
                     or (r.finished_at and not r.summary)],
    "answered": items.count(),
    "answered_tokens": sorted(items.values_list("token", flat=True)),
    "per_student": sorted(set(per_student)),
}))
"""


def state(cluster, script: str) -> dict:
    return json.loads(cluster.manage("shell", "-c", script).strip().splitlines()[-1])


def log_in_admin(bases) -> Browser:
    admin = Browser(bases)
    admin.log_in(*ADMIN)
    return admin


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


# --- media across servers ----------------------------------------------------


def test_an_example_uploaded_through_server_a_is_served_by_server_b(cluster):
    a, b = cluster.app_base(0), cluster.app_base(1)
    keys_before = cluster.bucket_keys()
    status, html = upload(log_in_admin([a]), "across-servers", seed=1)
    assert status == 200 and "was added successfully" in html, html[:2000]
    example = state(cluster, MEDIA_STATE)["examples"]["across-servers"]
    # The original and six renditions went to the bucket, made once by A.
    new_keys = cluster.bucket_keys() - keys_before
    assert new_keys == {example["original"], *example["files"]}
    assert len(new_keys) == 7
    # Server B serves every library rendition, streamed from the bucket.
    for token in example["library"]:
        status, body = fetch(f"{b}/m/{token}.webp")
        assert status == 200 and body[:4] == b"RIFF" and body[8:12] == b"WEBP"
    # B made nothing of its own while serving.
    assert cluster.bucket_keys() - keys_before == new_keys
    # The bucket is private: no object can be read without the app's keys.
    assert fetch(f"{cluster.s3_endpoint}/{BUCKET}/{example['original']}")[0] == 403
    assert fetch(f"{cluster.s3_endpoint}/{BUCKET}/{example['files'][0]}")[0] == 403


def test_wrong_join_codes_sent_to_both_servers_count_in_one_window(cluster):
    """The per-account limit is 10 wrong codes an hour (learners/limits.py):
    five to each server reach it only if both count into one Redis."""
    student = Browser([cluster.app_base(0), cluster.app_base(1)])
    student.log_in("s2-29")
    replies = []
    for _ in range(10):
        student.request("/classes/join/")
        replies.append(student.request("/classes/join/", {"code": "ZZZZZZ"})[0])
    assert replies == [400] * 10
    student.request("/classes/join/")
    assert student.request("/classes/join/", {"code": "ZZZZZZ"})[0] == 429
    # Both servers run on this one machine, so make sure the window is in
    # Redis and not in a file both could read.
    assert cluster.redis_keys("*limit:join-wrong-account:*")


# --- a class at work ----------------------------------------------------------


class Student(Browser):
    def __init__(self, bases, username):
        super().__init__(bases)
        self.username = username
        self.acknowledged: list[str] = []
        self.refused: list[int] = []
        self.images = 0

    def take(self, assignment_id):
        self.log_in(self.username)
        self.request(f"/classes/do/{assignment_id}/")
        status, html = self.text(f"/classes/do/{assignment_id}/start/", {})
        assert status == 200, html[:500]
        attempt = None
        for _ in range(12):
            match = ANSWER_RE.search(html)
            if not match:
                break
            path, attempt, token = match.groups()
            for src in MEDIA_RE.findall(html):
                image_status, body = self.request(src)
                assert image_status == 200 and body[:4] == b"RIFF"
                self.images += 1
            status, _reply = self.request(path, {"choice": "synthetic", "sure": "70"}, htmx=True)
            if status == 200:
                self.acknowledged.append(token)
            else:
                self.refused.append(status)
            status, html = self.text(f"/quizzes/attempt/{attempt}/")
        assert attempt is not None, "no question was shown"
        status, _ = self.request(f"/quizzes/attempt/{attempt}/finish/", {})
        assert status == 200


class Teacher(Browser):
    def __init__(self, base, classroom, assignment):
        super().__init__([base])
        self.path = f"/classes/{classroom}/assignments/{assignment}/"
        self.seen: list[tuple[int, int, int]] = []
        self.errors: list[int] = []

    def poll(self) -> tuple[int, int, int]:
        status, html = self.text(self.path, htmx=True)
        if status != 200:
            self.errors.append(status)
            return self.seen[-1] if self.seen else (0, 0, 0)
        totals = tuple(int(n) for n in STATUS_RE.search(html).groups())
        self.seen.append(totals)
        return totals

    def watch(self, stop: threading.Event):
        while not stop.is_set():
            self.poll()
            stop.wait(0.5)


def run_class(cluster, class_index, bases, *, during=None):
    """Every student of one class takes the assignment at once while the
    teacher's dashboard polls through the balancer; `during(students)` runs
    in the test's thread meanwhile."""
    info = cluster.classes[class_index]
    teacher = Teacher(cluster.base, info["classroom"], info["assignment"])
    teacher.log_in("teacher", "teacher-pass-123")
    students = [Student(bases, f"s{class_index}-{n}") for n in range(STUDENTS)]
    failures: list[BaseException] = []

    def work(student):
        try:
            student.take(info["assignment"])
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)

    stop = threading.Event()
    watcher = threading.Thread(target=teacher.watch, args=(stop,))
    watcher.start()
    threads = [threading.Thread(target=work, args=(s,)) for s in students]
    for t in threads:
        t.start()
    try:
        if during:
            during(students)
    finally:
        for t in threads:
            t.join(timeout=300)
        stop.set()
        watcher.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a student never finished"
    assert failures == [], failures[:3]
    return teacher, students


def assert_every_answer_stored_once(cluster, class_index, teacher, students):
    db = state(cluster, ANSWER_STATE % cluster.classes[class_index]["assignment"])
    acknowledged = [token for s in students for token in s.acknowledged]
    # Each question was acknowledged once per student (a retried answer that
    # had been stored is acknowledged by its repeat, not counted twice) ...
    assert len(acknowledged) == len(set(acknowledged)) == STUDENTS * 6
    # ... and each acknowledged answer is in the database, exactly once.
    assert db["answered_tokens"] == sorted(acknowledged)
    assert db["answered"] == STUDENTS * 6
    assert db["attempts"] == STUDENTS and db["per_student"] == [1]
    assert db["half_written"] == []
    assert [r for s in students for r in s.refused] == []
    # The dashboard, read through the balancer, says what the database says.
    assert teacher.poll() == (db["finished"], db["started"], 0)
    assert db["finished"] == STUDENTS
    # What the teacher saw while the class worked only ever grew.
    finished = [seen[0] for seen in teacher.seen]
    assert finished == sorted(finished)
    return db


def test_a_class_answers_across_both_servers_while_the_teacher_watches(cluster):
    a, b = cluster.app_base(0), cluster.app_base(1)
    # Every student's requests alternate between A and B: the session, the
    # attempt, the images and the CSRF token all have to be shared.
    teacher, students = run_class(cluster, 0, [a, b])
    assert teacher.errors == []
    assert sum(s.images for s in students) == STUDENTS * 6
    assert sum(s.retried for s in students) == 0
    assert len(teacher.seen) >= 2
    assert_every_answer_stored_once(cluster, 0, teacher, students)


def test_an_app_server_killed_mid_run_loses_no_acknowledged_answer(cluster):
    at_kill = []

    def kill_a_and_restart(students):
        # Once the class is well under way (bounded: the class takes seconds).
        deadline = time.monotonic() + 120
        while sum(len(s.acknowledged) for s in students) < STUDENTS and time.monotonic() < deadline:
            time.sleep(0.05)
        at_kill.append(sum(len(s.acknowledged) for s in students))
        cluster.kill_app(0)
        # The balancer finds A gone and sends everything to B meanwhile.
        time.sleep(1.5)
        cluster.start_app(0)

    teacher, students = run_class(cluster, 1, [cluster.base], during=kill_a_and_restart)
    # A died with the class half-way through its answers.
    assert STUDENTS <= at_kill[0] < STUDENTS * 6
    print(f"killed A after {at_kill[0]} answers; requests retried: {sum(s.retried for s in students)}")
    assert_every_answer_stored_once(cluster, 1, teacher, students)


# --- the object store goes away -----------------------------------------------


def test_uploads_fail_clearly_while_the_store_is_down_and_leave_nothing_half_made(cluster):
    admin = log_in_admin([cluster.base])
    before = state(cluster, MEDIA_STATE)["examples"]
    token = next(iter(before.values()))["library"][0]
    # (key, stored?, phase): phase 0 before the store dies, 1 while it is
    # down or coming back, 2 once it is back.
    outcomes: list[tuple[str, bool, int]] = []
    phase = [0]
    stop = threading.Event()

    def keep_uploading():
        for n in range(400):
            if stop.is_set():
                return
            key = f"store-restart-{n}"
            started_in = phase[0]
            status, html = upload(admin, key, seed=100 + n)
            assert status == 200, status
            stored = "was added successfully" in html
            assert stored or UNAVAILABLE in html, html[:2000]
            outcomes.append((key, stored, min(started_in, phase[0])))
            time.sleep(0.1)  # an editor trying again

    def wait_until(what, condition, seconds=90):
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, f"never saw {what}: {outcomes[-5:]}"
            time.sleep(0.05)

    uploader = threading.Thread(target=keep_uploading)
    uploader.start()
    try:
        wait_until("a stored upload", lambda: any(stored for _k, stored, _p in outcomes))
        phase[0] = 1
        cluster.stop_store(kill=True)
        # While it is down: a clear message for uploads, a 503 for images.
        wait_until("a refused upload", lambda: any(not stored for _k, stored, _p in outcomes))
        assert fetch(f"{cluster.base}/m/{token}.webp")[0] == 503
        cluster.start_store()
        phase[0] = 2
        wait_until("a stored upload after the restart", lambda: any(s and p == 2 for _k, s, p in outcomes))
    finally:
        stop.set()
        uploader.join(timeout=180)

    after = state(cluster, MEDIA_STATE)["examples"]
    keys = cluster.bucket_keys()
    for key, stored, _phase in outcomes:
        if stored:
            # A success is whole: its row, the original and six renditions.
            assert key in after and len(after[key]["files"]) == 6
        else:
            assert key not in after
    # No row points at a file the bucket lacks (the store kept what it had).
    for example in after.values():
        assert {example["original"], *example["files"]} <= keys
    referenced = {name for e in after.values() for name in [e["original"], *e["files"]]}
    print(
        f"uploads: {sum(s for _k, s, _p in outcomes)} stored, {sum(not s for _k, s, _p in outcomes)} refused; "
        f"files left by a failed upload before pruning: {len(keys - referenced)}"
    )
    # A file written just before the store died could not be deleted then;
    # prune_media removes any such file that no row points at.
    cluster.manage("prune_media", "--older-than-minutes", "0")
    assert cluster.bucket_keys() == referenced
    # And the images stored before the restart are still served.
    assert fetch(f"{cluster.base}/m/{token}.webp")[0] == 200
