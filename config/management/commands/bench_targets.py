"""Prepare `make bench`'s targets: signed-in sessions for benchmark students
and a teacher, fresh attempts with answers ready to post, and the paths of
each scenario. Writes JSON (for the locust file) and prints nothing else."""

import json
import secrets

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import BaseCommand
from django.templatetags.static import static
from django.urls import reverse

from accounts.models import User
from classrooms.models import Assignment
from literacy.models import Example, Lesson
from quizzes import services
from quizzes.models import Attempt, QuestionKind, Quiz

BACKEND = "accounts.backends.UsernameOrEmailBackend"


def signed_in(user) -> dict:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    # An unmasked 32-character secret is a valid CSRF cookie and token.
    return {"session": session.session_key, "csrf": secrets.token_hex(16)}


class Command(BaseCommand):
    help = "Write the benchmark's targets (sessions, attempts, paths) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        # Enough fresh questions that no student runs out within a run: a
        # repeated answer is cheaper than a new one and would flatter the figures.
        parser.add_argument("--students", type=int, default=300)
        parser.add_argument("--items", type=int, default=60)

    def handle(self, *args, out, students, items, **options):
        pool = Example.objects.published().judgeable().study().count()
        quiz, _ = Quiz.objects.update_or_create(
            key="bench-answers",
            defaults={
                "title": "Benchmark answers",
                "pool_size": min(items, pool),
                "shuffle": True,
                "pool_kinds": [QuestionKind.REAL_OR_SYNTHETIC],
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
        assignment = (
            Assignment.objects.filter(classroom__owner__username__startswith="bench-t")
            .select_related("classroom", "classroom__owner")
            .first()
        )
        teacher = signed_in(assignment.classroom.owner)
        teacher["paths"] = {
            "dashboard": reverse(
                "classrooms:assignment_detail", args=[assignment.classroom.public_id, assignment.public_id]
            ),
            "csv_export": reverse("classrooms:export_results", args=[assignment.classroom.public_id]),
        }
        lesson = Lesson.objects.in_course().filter(slug="gans").first() or Lesson.objects.in_course().first()
        targets = {
            "identities": {"student": learners, "teacher": [teacher]},
            "scenarios": {
                "trivial": {"method": "GET", "path": "/bench/trivial"},
                "answer": {"method": "POST", "as": "student"},
                "next_question": {"method": "GET", "as": "student", "htmx": True},
                "library": {"method": "GET", "path": reverse("literacy:library")},
                "lesson": {"method": "GET", "path": lesson.get_absolute_url()},
                "dashboard": {"method": "GET", "as": "teacher"},
                "csv_export": {"method": "GET", "as": "teacher"},
                "static": {"method": "GET", "path": static("css/site.css")},
            },
        }
        with open(out, "w") as handle:
            json.dump(targets, handle)
