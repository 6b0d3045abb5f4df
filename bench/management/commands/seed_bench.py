"""Seed a large, realistic data set for `make bench`: classes of students with
assignments and finished attempts answered item by item.

Not for production databases: it refuses to run when bench users exist unless
--replace is given, and it only ever touches rows it made (usernames bench-*).
"""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from classrooms.models import Assignment, AssignmentAttempt, Classroom, Enrolment
from literacy.models import Example
from quizzes.models import Attempt, AttemptItem, Quiz

BENCH_PASSWORD = "bench-password-123"
BATCH = 2000


class Command(BaseCommand):
    help = "Seed classes, students, quizzes and attempts for load benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--classes", type=int, default=30)
        parser.add_argument("--students", type=int, default=30, help="students per class")
        parser.add_argument("--quizzes", type=int, default=20)
        parser.add_argument("--attempts", type=int, default=20000)
        parser.add_argument("--items", type=int, default=10, help="items per attempt")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true", help="delete earlier bench data first")

    def handle(self, *args, classes, students, quizzes, attempts, items, seed, replace, **options):
        rng = random.Random(seed)
        examples = list(Example.objects.published().judgeable().order_by("pk"))
        if len(examples) < items:
            raise CommandError(
                f"Need at least {items} published examples to build attempts; "
                "run `manage.py load_starter_content` first."
            )
        bench_users = User.objects.filter(username__startswith="bench-")
        if bench_users.exists():
            if not replace:
                raise CommandError("Bench data already exists; pass --replace to rebuild it.")
            Classroom.objects.filter(owner__in=bench_users).delete()
            Quiz.objects.filter(key__startswith="bench-").delete()
            bench_users.delete()
        with transaction.atomic():
            quiz_list = self._quizzes(quizzes, examples)
            class_students = self._classes(classes, students)
            assignments = self._assignments(class_students, quiz_list, rng)
        self._attempts(attempts, items, class_students, assignments, examples, rng)
        # Fresh planner statistics, as autovacuum (PostgreSQL) or a periodic
        # ANALYZE (SQLite) would have gathered on a live site by now; without
        # them PostgreSQL scans every answer to draw one class's dashboard.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {classes} classes x {students} students, {len(quiz_list)} quizzes, {attempts} attempts."
            )
        )

    def _quizzes(self, wanted, examples):
        quizzes = list(Quiz.objects.published().exclude(key__startswith="bench-")[:wanted])
        families = sorted({e.family for e in examples})
        for i in range(len(quizzes), wanted):
            quizzes.append(
                Quiz.objects.create(
                    key=f"bench-{i:02d}",
                    title=f"Benchmark quiz {i + 1}",
                    kind=Quiz.Kind.PRACTICE,
                    pool_size=10,
                    pool_filters={"families": [families[i % len(families)]]},
                    pool_kinds=["real_or_synthetic"],
                )
            )
        return quizzes

    def _classes(self, n_classes, n_students):
        password = make_password(BENCH_PASSWORD)
        teachers = User.objects.bulk_create(
            User(
                username=f"bench-t{c:02d}",
                role=User.Role.TEACHER,
                display_name=f"Teacher {c}",
                password=password,
            )
            for c in range(n_classes)
        )
        teachers = list(User.objects.filter(username__startswith="bench-t").order_by("username"))
        classrooms = Classroom.objects.bulk_create(
            Classroom(name=f"Bench class {c + 1}", owner=t) for c, t in enumerate(teachers)
        )
        classrooms = list(Classroom.objects.filter(owner__in=teachers).order_by("name"))
        User.objects.bulk_create(
            User(
                username=f"bench-s{c:02d}-{s:02d}",
                role=User.Role.STUDENT,
                display_name=f"Student {c}-{s}",
                password=password,
            )
            for c in range(n_classes)
            for s in range(n_students)
        )
        by_class = {}
        students = User.objects.filter(username__startswith="bench-s").order_by("username")
        for student in students:
            c = int(student.username.split("-")[1][1:])
            by_class.setdefault(c, []).append(student)
        Enrolment.objects.bulk_create(
            Enrolment(classroom=classrooms[c], student=s) for c, members in by_class.items() for s in members
        )
        return [(classrooms[c], by_class.get(c, [])) for c in range(n_classes)]

    def _assignments(self, class_students, quizzes, rng):
        now = timezone.now()
        made = []
        for classroom, _students in class_students:
            for quiz in rng.sample(quizzes, k=min(4, len(quizzes))):
                made.append(
                    Assignment(
                        classroom=classroom,
                        quiz=quiz,
                        opens_at=now - timedelta(days=14),
                        due_at=now + timedelta(days=7),
                        attempts_allowed=0,
                    )
                )
        Assignment.objects.bulk_create(made)
        by_class = {}
        for a in Assignment.objects.filter(classroom__in=[c for c, _ in class_students]).select_related(
            "quiz"
        ):
            by_class.setdefault(a.classroom_id, []).append(a)
        return by_class

    def _attempts(self, n_attempts, n_items, class_students, assignments, examples, rng):
        from quizzes.services import attempt_summary_from_items

        now = timezone.now()
        pairs = [(classroom, s) for classroom, members in class_students for s in members]
        made = 0
        while made < n_attempts:
            batch_attempts, batch_items, batch_links = [], [], []
            for _ in range(min(BATCH // n_items, n_attempts - made)):
                classroom, student = pairs[made % len(pairs)]
                assignment = rng.choice(assignments[classroom.pk])
                started = now - timedelta(minutes=rng.randint(30, 60 * 24 * 13))
                attempt = Attempt(
                    quiz=assignment.quiz,
                    user=student,
                    started_at=started,
                    finished_at=started + timedelta(minutes=rng.randint(3, 25)),
                    item_count=n_items,
                    answered_count=n_items,
                )
                # Learners get better with practice: skill rises with the attempt's age rank.
                skill = rng.uniform(0.45, 0.85)
                items = []
                for position, example in enumerate(rng.sample(examples, k=n_items)):
                    right = rng.random() < skill
                    says_synthetic = example.is_synthetic == right
                    confidence = rng.choice([55, 65, 75, 85, 95])
                    items.append(
                        AttemptItem(
                            attempt=attempt,
                            position=position,
                            kind="real_or_synthetic",
                            example=example,
                            shown_at=started,
                            answered_at=started + timedelta(seconds=20 * (position + 1)),
                            response={"choice": "synthetic" if says_synthetic else "real"},
                            confidence=confidence if says_synthetic else 100 - confidence,
                            is_correct=right,
                        )
                    )
                attempt.summary = attempt_summary_from_items(items)
                batch_attempts.append(attempt)
                batch_links.append((attempt, assignment))
                batch_items.extend(items)
                made += 1
            with transaction.atomic():
                Attempt.objects.bulk_create(batch_attempts)
                for item in batch_items:
                    item.attempt_id = item.attempt.pk
                AttemptItem.objects.bulk_create(batch_items)
                AssignmentAttempt.objects.bulk_create(
                    [
                        AssignmentAttempt(attempt_id=a.pk, assignment=assignment)
                        for a, assignment in batch_links
                    ]
                )
            self.stdout.write(f"  attempts {made}/{n_attempts}", ending="\r")
            self.stdout.flush()
        self.stdout.write("")
