"""Targets for `make bench` and `make audit`: signed-in sessions, fresh
attempts with answers ready to post, and the path of each scenario or page.

`--out FILE` (bench) writes the locust targets as JSON. `--audit` prints the
pages to audit and a session for each role; it plays the demo class through
the warm-up first, so the teacher's dashboard has results to show.
Only for the throwaway databases those commands prepare."""

import json
import secrets

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import BaseCommand, CommandError
from django.templatetags.static import static
from django.urls import reverse

from accounts.models import User
from classrooms.models import Assignment
from classrooms.services import assignment_attempt_start
from config.management.commands.ensure_demo import DEMO_TEACHER
from literacy.models import Example, Lesson
from quizzes import kinds, services
from quizzes.models import Attempt, Quiz

BACKEND = "accounts.backends.UsernameOrEmailBackend"


def signed_in(user) -> dict:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    # An unmasked 32-character secret is a valid CSRF cookie and token.
    return {"session": session.session_key, "csrf": secrets.token_hex(16)}


def lesson_path() -> str:
    lesson = Lesson.objects.in_course().filter(slug="gans").first() or Lesson.objects.in_course().first()
    if lesson is None:
        raise CommandError("No lessons: run `manage.py load_starter_content` first.")
    return lesson.get_absolute_url()


class Command(BaseCommand):
    help = "Write the benchmark's targets (sessions, attempts, paths) or the audit's pages."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="bench: write the locust targets here")
        parser.add_argument("--audit", action="store_true", help="print the audit's pages and sessions")
        # Enough fresh questions that no student runs out within a run: a
        # repeated answer is cheaper than a new one and would flatter the figures.
        parser.add_argument("--students", type=int, default=300)
        parser.add_argument("--items", type=int, default=60)

    def handle(self, *args, out, audit, students, items, **options):
        if audit:
            self.stdout.write(json.dumps(self.audit_targets()))
        elif out:
            with open(out, "w") as handle:
                json.dump(self.bench_targets(students, items), handle)
        else:
            raise CommandError("Give --out FILE (bench) or --audit.")

    def bench_targets(self, students: int, items: int) -> dict:
        pool = Example.objects.published().judgeable().study().count()
        quiz, _ = Quiz.objects.update_or_create(
            key="bench-answers",
            defaults={
                "title": "Benchmark answers",
                "pool_size": min(items, pool),
                "shuffle": True,
                "pool_kinds": ["real_or_synthetic"],
                "is_public": False,
            },
        )
        # Fresh attempts on every run: earlier runs have answered the old ones.
        Attempt.objects.filter(quiz=quiz).delete()
        learners = []
        for user in User.objects.filter(username__startswith="bench-s").order_by("username")[:students]:
            attempt = services.attempt_start(quiz=quiz, user=user)
            identity = signed_in(user)
            identity["answers"] = [
                {
                    "path": reverse("quizzes:attempt_answer", args=[attempt.public_id, item.token]),
                    "data": {"choice": "synthetic" if n % 2 else "real", "sure": "70"},
                }
                for n, item in enumerate(attempt.items.filter(answered_at__isnull=True).order_by("position"))
            ]
            identity["paths"] = {"next_question": reverse("quizzes:attempt_next", args=[attempt.public_id])}
            learners.append(identity)
        if not learners:
            raise CommandError("No benchmark students: run `manage.py seed_bench` first.")
        assignment = (
            Assignment.objects.filter(classroom__owner__username__startswith="bench-t")
            .select_related("classroom", "classroom__owner")
            .order_by("pk")
            .first()
        )
        teacher = signed_in(assignment.classroom.owner)
        dashboard = reverse(
            "classrooms:assignment_detail", args=[assignment.classroom.public_id, assignment.public_id]
        )
        teacher["paths"] = {
            "dashboard": dashboard,
            "dashboard_poll": dashboard,
            "csv_export": reverse("classrooms:export_results", args=[assignment.classroom.public_id]),
        }
        return {
            "identities": {"student": learners, "teacher": [teacher]},
            "scenarios": {
                "trivial": {"method": "GET", "path": "/bench/trivial"},
                "answer": {"method": "POST", "as": "student"},
                "next_question": {"method": "GET", "as": "student", "htmx": True},
                "library": {"method": "GET", "path": reverse("literacy:library")},
                "lesson": {"method": "GET", "path": lesson_path()},
                "dashboard": {"method": "GET", "as": "teacher"},
                "dashboard_poll": {"method": "GET", "as": "teacher", "htmx": True},
                "csv_export": {"method": "GET", "as": "teacher"},
                "static": {"method": "GET", "path": static("css/site.css")},
            },
        }

    def audit_targets(self) -> dict:
        teacher = User.objects.filter(username=DEMO_TEACHER).first()
        assignment = (
            Assignment.objects.filter(classroom__owner=teacher, quiz__key="warm-up")
            .select_related("classroom", "quiz")
            .first()
        )
        if assignment is None:
            raise CommandError("No demo class: run `manage.py ensure_demo` first.")
        students = list(User.objects.filter(enrolments__classroom=assignment.classroom).order_by("username"))
        # All but the last student finish the warm-up; the last is halfway through.
        for n, student in enumerate(students):
            try:
                attempt = assignment_attempt_start(assignment=assignment, user=student)
            except services.QuizError:
                continue  # a second run: this student has finished already
            todo = list(attempt.items.for_answer().order_by("position"))
            if n == len(students) - 1:
                todo = todo[: len(todo) // 2]
            for item in (i for i in todo if not i.is_answered):  # run again: an attempt may be resumed
                response, confidence = kinds.some_answer(item, item.position)
                services.attempt_answer(item=item, response=response, confidence=confidence, user=student)
            if n < len(students) - 1:
                services.attempt_finish(attempt=attempt)
        in_progress = attempt
        classroom = assignment.classroom
        return {
            "sessions": {
                "student": signed_in(students[-1])["session"],
                "teacher": signed_in(teacher)["session"],
            },
            "pages": [
                {"name": "home", "path": "/", "as": "anonymous"},
                {"name": "library", "path": reverse("literacy:library"), "as": "anonymous"},
                {"name": "lesson", "path": lesson_path(), "as": "anonymous"},
                {
                    "name": "quiz",
                    "path": reverse("quizzes:attempt", args=[in_progress.public_id]),
                    "as": "student",
                },
                {
                    "name": "dashboard",
                    "path": reverse(
                        "classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id]
                    ),
                    "as": "teacher",
                },
            ],
        }
