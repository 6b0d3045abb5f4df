"""Shared test fixtures: the cast of users, a browser on Debian's Chromium,
and an accessibility check.

The cast: `teacher` owns `classroom`; `student` is enrolled in it; `outsider`
is a student of another teacher's class; `other_teacher` teaches that class.
Anonymous visitors use the plain `client`.
"""

import functools
import os
import threading
import warnings
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneAtATimeWSGIServer(ThreadedWSGIServer):
    """The browser tests' live server shares the test's in-memory SQLite
    connection with its request threads, so a page that loads several images
    at once used one connection from several threads at the same moment
    ("bad parameter or other API misuse"). Connections keep their threads
    (an idle keep-alive blocks nobody); the application runs one request at a
    time."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)

    def _close_connections(self):
        # Request threads borrow the test thread's in-memory connection
        # (connections_override), and the test thread closes it. A browser's
        # keep-alive thread that ended after its test tried to close it too
        # and raised "DatabaseWrapper objects created in a thread can only be
        # used in that same thread" into a later test's warnings. Other
        # databases are not borrowed and are closed as Django does.
        if not self.connections_override:
            super()._close_connections()


LiveServerThread.server_class = OneAtATimeWSGIServer

# Debian's Chromium. Its headless shell (package chromium-headless-shell, the same build without the
# desktop browser around it) runs the suite about a tenth faster; the full browser works as well.
CHROMIUM = os.environ.get("DLL_CHROMIUM") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if Path(path).exists()),
    "/usr/bin/chromium",
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


def make_user(username, *, role="learner", password="correct horse battery", **extra):
    from accounts.models import User

    user = User(
        username=username, role=role, display_name=extra.pop("display_name", username.title()), **extra
    )
    user.set_password(password)
    user.save()
    return user


@pytest.fixture
def teacher(db):
    return make_user("alice", role="teacher", email="alice@example.org", display_name="Ms Alice")


@pytest.fixture
def other_teacher(db):
    return make_user("bob", role="teacher", email="bob@example.org", display_name="Mr Bob")


@pytest.fixture
def classroom(teacher):
    from classrooms.models import Classroom

    return Classroom.objects.create(name="Year 9 Media", owner=teacher)


@pytest.fixture
def other_classroom(other_teacher):
    from classrooms.models import Classroom

    return Classroom.objects.create(name="Year 10 Digital", owner=other_teacher)


@pytest.fixture
def student(classroom):
    from classrooms.models import Enrolment

    user = make_user("charlie", role="student", display_name="Charlie")
    Enrolment.objects.create(classroom=classroom, student=user, manages_account=True)
    return user


@pytest.fixture
def outsider(other_classroom):
    from classrooms.models import Enrolment

    user = make_user("dana", role="student", display_name="Dana")
    Enrolment.objects.create(classroom=other_classroom, student=user, manages_account=True)
    return user


@pytest.fixture
def learner(db):
    return make_user("erin", role="learner", display_name="Erin")


@pytest.fixture(autouse=True)
def _empty_limit_counters():
    """Rate-limit counters live in the cache: each test starts from none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


_AUDIO_WORK: dict = {}


@pytest.fixture
def reuse_audio_work(monkeypatch):
    """For tests that make many recordings from the same few byte strings (the voice kinds, listening
    optional): decoding, re-encoding and the spectrogram run ffmpeg four times per recording, so each
    distinct input is processed once per test process and the result reused. The pipeline itself is
    tested without this (literacy/tests/test_audio_pipeline.py)."""
    from PIL import Image

    from literacy import audio

    def reused(name, real):
        def once(data, *args, **kwargs):
            key = (name, data, args, tuple(sorted(kwargs.items())))
            if key not in _AUDIO_WORK:
                _AUDIO_WORK[key] = real(data, *args, **kwargs)
            done = _AUDIO_WORK[key]
            return done.copy() if isinstance(done, Image.Image) else done

        return once

    for name in ("inspect_audio", "encode_mp3", "spectrogram"):
        monkeypatch.setattr(audio, name, reused(name, getattr(audio, name)))


# Browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # Never `playwright install`: drive the Debian package's Chromium.
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def csp_errors(page):
    """Console messages about blocked content, collected for assertions."""
    errors = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text) if msg.type == "error" and "Content Security Policy" in msg.text else None
        ),
    )
    return errors


@functools.cache
def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page, *, context=None):
    """Run axe-core in the page and return its violations at WCAG 2.2 AA.

    Only violations are gathered in full (resultTypes): the passes and the rules that do not apply
    were most of axe's time on a long lesson, and nothing reads them (tests/test_browser_axe.py checks
    that violations are still found)."""
    # Evaluated through the DevTools protocol, so the page's CSP (which forbids
    # inline scripts) does not need loosening for the audit.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "([ctx, tags]) => axe.run(ctx || document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [context, AXE_TAGS],
    )
    return result["violations"]


def format_violations(violations):
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    def check(page, *, context=None):
        violations = axe_violations(page, context=context)
        assert not violations, "axe found violations:\n" + format_violations(violations)

    return check


@pytest.fixture
def screenshot():
    """Save a screenshot under test-artifacts/ (for people to look at). JPEG: encoding full-page PNGs took
    about a third of a browser test's time (3 of 10 s for one late-work journey)."""

    def take(page, name):
        from playwright.sync_api import Error as PlaywrightError

        ARTIFACTS.mkdir(exist_ok=True)
        # On a loaded machine Chromium now and then answers "Unable to capture screenshot" when no
        # frame is ready; the page is fine, so try again, and never fail a test over its picture.
        for _ in range(3):
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.jpg"), full_page=True, type="jpeg", quality=80)
                return
            except PlaywrightError as error:
                if "Unable to capture screenshot" not in str(error):
                    raise
                failure = error
                page.wait_for_timeout(200)
        warnings.warn(f"no screenshot {name}: {failure}", stacklevel=2)

    return take
