"""A classroom at once: sixty students answering the same quiz against a real
gunicorn server (production settings), on SQLite (a file, WAL) or PostgreSQL
(when DATABASE_URL points there). Also: a worker killed mid-load, and a
server restart. Loopback only; every loop is bounded."""

import contextlib
import http.client
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bench import server
from tests.conftest import STUDENTS

pytestmark = pytest.mark.slow

COUNT = """
from quizzes.models import AttemptItem, Attempt
answered = AttemptItem.objects.filter(answered_at__isnull=False)
print(answered.count(), Attempt.objects.count(), answered.values("attempt_id", "position").distinct().count())
"""


def _log_in_and_take(student, quiz_id):
    try:
        student.log_in()
        student.take(quiz_id)
    except Exception as exc:  # noqa: BLE001 - reported by the test, not lost in a thread
        student.failures.append(repr(exc))


class Student:
    def __init__(self, base, n):
        self.base = base
        self.n = n
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.acknowledged = 0
        self.errors = []
        self.failures = []

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path, data=None, *, htmx=False, tries=5):
        headers = {"Referer": self.base + "/"}
        if data is not None:
            headers["X-CSRFToken"] = self.csrf()
        if htmx:
            headers["HX-Request"] = "true"
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        for attempt in range(tries):
            try:
                req = urllib.request.Request(self.base + path, data=body, headers=headers)
                with self.opener.open(req, timeout=30) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode()
            except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
                # A worker was killed under us: the request got no answer, or
                # only part of one (IncompleteRead); retry, as a person reloads.
                time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"no answer for {path}")

    def log_in(self):
        for _ in range(3):
            self.request("/accounts/login/")
            status, _ = self.request(
                "/accounts/login/", {"username": f"load{self.n}", "password": "load-test-pass-123"}
            )
            if status in (200, 302):
                return
            # A worker killed after the login went through but before its reply:
            # the retry carries the CSRF token that the login replaced (403).
            # A person reloads the page; so does this student.
            assert status == 403, status
        raise AssertionError(f"load{self.n} could not log in")

    def take(self, quiz_id):
        self.request(f"/quizzes/{quiz_id}/")
        status, html = self.request(f"/quizzes/{quiz_id}/start/", {})
        for _ in range(12):
            match = re.search(r'action="(/quizzes/attempt/[^"]+/answer/[^"]+/)"', html)
            if not match:
                break
            status, _reply = self.request(match.group(1), {"choice": "synthetic", "sure": "70"}, htmx=True)
            if status == 200:
                self.acknowledged += 1
            else:
                self.errors.append(status)
            attempt_path = match.group(1).split("answer/")[0]
            status, html = self.request(attempt_path)
        return html


def counts(env):
    output = server.manage("shell", "-c", COUNT, env=env, quiet=True).strip().splitlines()[-1]
    answered, attempts, distinct = map(int, output.split())
    return answered, attempts, distinct


@contextlib.contextmanager
def cpu_burner(seconds: float):
    """Keep one core busy, as another program on the machine would: a child
    process that spins for at most `seconds` and is killed on the way out."""
    spin = f"import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"
    burner = subprocess.Popen([sys.executable, "-c", spin])
    try:
        yield burner
    finally:
        burner.kill()
        burner.wait(timeout=10)


def test_sixty_students_answer_at_once_and_every_acknowledged_answer_is_stored_once(site):
    env, quiz_id = site
    with cpu_burner(300) as burner, server.gunicorn(env, workers=2, threads=4) as (base, _proc):
        students = [Student(base, n) for n in range(STUDENTS)]
        threads = [threading.Thread(target=lambda s=s: (s.log_in(), s.take(quiz_id))) for s in students]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=240)
        assert burner.poll() is None, "the burner stopped before the class finished"
    assert not any(t.is_alive() for t in threads)
    assert [e for s in students for e in s.errors] == []
    acknowledged = sum(s.acknowledged for s in students)
    answered, attempts, distinct = counts(env)
    assert acknowledged == STUDENTS * 6
    assert answered == acknowledged == distinct
    assert attempts == STUDENTS


def test_a_killed_worker_loses_no_acknowledged_answer_and_the_attempt_resumes(site):
    env, quiz_id = site
    with server.gunicorn(env, workers=2, threads=4) as (base, proc):
        students = [Student(base, n) for n in range(20)]
        threads = [threading.Thread(target=_log_in_and_take, args=(s, quiz_id)) for s in students]
        for t in threads:
            t.start()
        time.sleep(0.5)
        workers = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        assert workers, "no gunicorn workers found"
        os.kill(int(workers[0]), signal.SIGKILL)
        for t in threads:
            t.join(timeout=240)
        acknowledged = sum(s.acknowledged for s in students)
        answered, _attempts, distinct = counts(env)
        # Every student got in and answered; nothing acknowledged was lost;
        # nothing was stored twice.
        assert [e for s in students for e in s.failures] == []
        assert acknowledged > 0
        assert answered >= acknowledged and answered == distinct
        # Each student can come back to a finished-answering attempt.
        for s in students[:5]:
            html = s.take(quiz_id)
            assert "All questions answered" in html or "Finish" in html


def test_restarting_the_server_keeps_every_session(site):
    env, quiz_id = site
    students = []
    with server.gunicorn(env, workers=1) as (base, _proc):
        for n in range(3):
            s = Student(base, n)
            s.log_in()
            s.take(quiz_id)
            students.append(s)
    with server.gunicorn(env, workers=1) as (base, _proc):
        for s in students:
            s.base = base
            status, html = s.request("/accounts/dashboard/")
            assert status == 200 and f"Student {s.n}" in html
