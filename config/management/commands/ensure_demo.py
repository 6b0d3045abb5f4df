"""Make the demo teacher and demo class used by `make run`, and print how to
sign in. Safe to run again: it resets the demo password, nothing else."""

from datetime import timedelta

from django.core.management import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from classrooms.models import Assignment, Classroom, Enrolment
from quizzes.models import Quiz

DEMO_TEACHER = "demo-teacher"
DEMO_PASSWORD = "demo-teacher-pass"  # noqa: S105 - printed for local demos only
DEMO_STUDENTS = ["Ada", "Ben", "Chioma", "Dev", "Elena"]


class Command(BaseCommand):
    help = "Create (or refresh) the demo teacher, demo class and demo students."

    @transaction.atomic
    def handle(self, *args, **options):
        teacher, _ = User.objects.get_or_create(
            username=DEMO_TEACHER,
            defaults={
                "role": User.Role.TEACHER,
                "display_name": "Demo Teacher",
                "email": "demo-teacher@example.org",
            },
        )
        teacher.set_password(DEMO_PASSWORD)
        teacher.save()
        classroom, _ = Classroom.objects.get_or_create(owner=teacher, name="Demo class")
        for name in DEMO_STUDENTS:
            student, created = User.objects.get_or_create(
                username=f"demo-{name.lower()}",
                defaults={"role": User.Role.STUDENT, "display_name": name},
            )
            if created:
                student.set_password(DEMO_PASSWORD.replace("teacher", "student"))
                student.save()
            Enrolment.objects.update_or_create(
                classroom=classroom, student=student, defaults={"manages_account": True}
            )
        # Something to look at on the first visit: the warm-up and the pre-test, assigned.
        for key in ("warm-up", "pre-test"):
            quiz = Quiz.objects.filter(key=key).first()
            if quiz is not None:
                Assignment.objects.get_or_create(
                    classroom=classroom,
                    quiz=quiz,
                    defaults={
                        "opens_at": timezone.now(),
                        "due_at": timezone.now() + timedelta(days=14),
                        "attempts_allowed": 0 if key == "warm-up" else 1,
                        "created_by": teacher,
                    },
                )
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo ready.\n"
                f"  Teacher login: {DEMO_TEACHER} / {DEMO_PASSWORD}\n"
                f"  Demo class '{classroom.name}', join code {classroom.join_code}\n"
                f"  Students: demo-ada ... demo-elena / {DEMO_PASSWORD.replace('teacher', 'student')}\n"
            )
        )
