"""The start of a lesson, for `make bench`: sixty students sign in at once,
by password (one class) or by the QR link on their login card (another),
then open the assigned quiz and start it. Reports, per way in, the time until
the last student is signed in and until the last one has started, each
request kind's median and 95th percentile, and the errors.

Runs alone: `python bench/lesson_start.py` (BENCH_ONLY=sqlite or postgresql
picks one database); `make bench` runs it after the locust scenarios.
Loopback only; every request has a timeout and every loop a bound."""

from __future__ import annotations

import http.cookiejar
import json
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server

STUDENTS = int(os.environ.get("BENCH_LESSON_STUDENTS", "60"))
PASSWORD = "lesson-start-pass-123"
GOALS_S = {"password": 10.0, "card": 3.0}  # issue #13: all in within 10 s by password, 3 s by card

# Run inside `manage.py shell`: a teacher, two classes of STUDENTS (hashed with
# the production hasher), cards for the second, one quiz assigned to both.
SEED = """
import json
from accounts.models import User
from accounts.services import login_cards_issue
from classrooms.models import Assignment, Classroom, Enrolment
from django.utils import timezone
from quizzes.models import Quiz
teacher = User.objects.create(username="lesson-teacher", role="teacher", email="lesson@example.org")
quiz = next(q for q in Quiz.objects.published().order_by("pk") if not q.is_graded)
out = {}
for way in ("password", "card"):
    room = Classroom.objects.create(name=f"Lesson start ({way})", owner=teacher)
    students = []
    for i in range(N):
        user = User(username=f"lesson-{way}-{i}", role="student", display_name=f"Student {i}")
        user.set_password("PASSWORD")
        user.save()
        Enrolment.objects.create(classroom=room, student=user)
        students.append(user)
    tokens = login_cards_issue(users=students) if way == "card" else {}
    assignment = Assignment.objects.create(classroom=room, quiz=quiz, opens_at=timezone.now(), created_by=teacher,
                                           attempts_allowed=0)
    out[way] = {"assignment": assignment.public_id,
                "students": [{"username": u.username, "token": tokens.get(u.pk, "")} for u in students]}
print(json.dumps(out))
""".replace("N)", f"{STUDENTS})").replace("PASSWORD", PASSWORD)


class Student:
    def __init__(self, base: str, identity: dict):
        self.base = base
        self.identity = identity
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.timings: list[tuple[str, float]] = []
        self.errors: list[str] = []
        self.signed_in_at = self.started_at = None

    def request(self, name: str, path: str, data: dict | None = None) -> tuple[int, str]:
        """(status, final URL after redirects); timings and errors are kept."""
        headers = {"Referer": self.base + "/"}
        body = None
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        began = time.monotonic()
        try:
            req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310 - loopback
            with self.opener.open(req, timeout=60) as response:
                response.read()
                status, text = response.status, response.geturl()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, ""
        except OSError as exc:
            status, text = 0, str(exc)
        self.timings.append((name, time.monotonic() - began))
        if status >= 400 or status == 0:
            self.errors.append(f"{name}: {status}")
        return status, text

    def sign_in(self, way: str) -> bool:
        if way == "password":
            self.request("login page", "/accounts/login/")
            status, landed = self.request(
                "log in", "/accounts/login/", {"username": self.identity["username"], "password": PASSWORD}
            )
        else:
            token = self.identity["token"]
            self.request("card page", f"/accounts/card/{token}/")
            status, landed = self.request("card sign-in", f"/accounts/card/{token}/sign-in/", {})
        return status == 200 and landed.endswith("/accounts/dashboard/")

    def run(self, way: str, assignment: str, barrier: threading.Barrier, t0: list[float]) -> None:
        barrier.wait(timeout=60)
        if self.sign_in(way):
            self.signed_in_at = time.monotonic() - t0[0]
        else:
            self.errors.append("not signed in")
            return
        self.request("assignment page", f"/classes/do/{assignment}/")
        status, landed = self.request("start the quiz", f"/classes/do/{assignment}/start/", {})
        if status == 200 and "/quizzes/attempt/" in landed:
            self.started_at = time.monotonic() - t0[0]
        else:
            self.errors.append(f"quiz not started: {status}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def one_way(base: str, way: str, data: dict) -> dict:
    students = [Student(base, identity) for identity in data["students"]]
    barrier = threading.Barrier(len(students) + 1)
    t0 = [0.0]
    threads = [
        threading.Thread(target=s.run, args=(way, data["assignment"], barrier, t0), daemon=True)
        for s in students
    ]
    for t in threads:
        t.start()
    t0[0] = time.monotonic()
    barrier.wait(timeout=60)
    for t in threads:
        t.join(timeout=300)
    by_name: dict[str, list[float]] = {}
    for s in students:
        for name, seconds in s.timings:
            by_name.setdefault(name, []).append(seconds)
    signed = [s.signed_in_at for s in students if s.signed_in_at is not None]
    started = [s.started_at for s in students if s.started_at is not None]
    return {
        "students": len(students),
        "signed_in": len(signed),
        "started": len(started),
        "last_signed_in_s": round(max(signed), 2) if signed else None,
        "last_started_s": round(max(started), 2) if started else None,
        "errors": sum(len(s.errors) for s in students),
        "error_kinds": sorted({e for s in students for e in s.errors})[:10],
        "requests": {
            name: {
                "count": len(v),
                "median_ms": round(1000 * statistics.median(v)),
                "p95_ms": round(1000 * percentile(v, 0.95)),
            }
            for name, v in by_name.items()
        },
    }


def bench_lesson_start(name: str, url: str) -> dict:
    env, _workdir = server.prepare(url, label=f"lesson-start-{name}")
    seeded = json.loads(server.manage("shell", "-c", SEED, env=env, quiet=True).strip().splitlines()[-1])
    results = {}
    with server.gunicorn(env) as (base, _proc):
        for way in ("password", "card"):
            print(f"[{name}] lesson start: {STUDENTS} students sign in by {way} at once", flush=True)
            results[way] = one_way(base, way, seeded[way])
    return results


def report_lines(name: str, results: dict) -> list[str]:
    lines = [
        f"### The start of a lesson ({STUDENTS} students at once), {name}",
        "",
        "| way in | signed in | last signed in (s) | quiz started | last started (s) | errors "
        "| sign-in p95 ms | start p95 ms | goal |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for way, r in results.items():
        sign_in = r["requests"].get("log in" if way == "password" else "card sign-in", {})
        start = r["requests"].get("start the quiz", {})
        met = r["errors"] == 0 and r["last_signed_in_s"] is not None and r["last_signed_in_s"] <= GOALS_S[way]
        lines.append(
            f"| {way} | {r['signed_in']}/{r['students']} | {r['last_signed_in_s']} | {r['started']}/{r['students']} "
            f"| {r['last_started_s']} | {r['errors']} | {sign_in.get('p95_ms')} | {start.get('p95_ms')} "
            f"| {'met' if met else '**NOT met**'}: all in within {GOALS_S[way]:.0f} s, no errors |"
        )
    return lines


def main() -> None:
    only = os.environ.get("BENCH_ONLY")
    databases = {
        "sqlite": "sqlite",
        "postgresql": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/dll_bench"),
    }
    everything = {}
    for name, url in databases.items():
        if only and only != name:
            continue
        everything[name] = bench_lesson_start(name, url)
        print("\n".join(report_lines(name, everything[name])), flush=True)
    out = server.ROOT / "bench" / "tmp" / "lesson-start.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(everything, indent=2))
    print(f"figures in {out}")


if __name__ == "__main__":
    main()
