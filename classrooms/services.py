"""Classroom writes: classes, joining, student accounts, assignments."""

from __future__ import annotations

import re
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from classrooms.models import Assignment, Classroom, Enrolment, new_join_code

# One-time passwords: two short words and two digits, easy to read aloud and type.
WORDS = [
    "amber",
    "arrow",
    "badge",
    "basil",
    "beach",
    "cedar",
    "chalk",
    "cloud",
    "comet",
    "coral",
    "crane",
    "delta",
    "ember",
    "fable",
    "fern",
    "flint",
    "frost",
    "glade",
    "grain",
    "harbor",
    "hazel",
    "jade",
    "juniper",
    "kite",
    "lantern",
    "lemon",
    "lilac",
    "maple",
    "meadow",
    "mint",
    "moss",
    "nova",
    "oak",
    "orbit",
    "pebble",
    "pepper",
    "pine",
    "plum",
    "prism",
    "quartz",
    "quill",
    "raven",
    "reef",
    "river",
    "robin",
    "saffron",
    "sage",
    "shore",
    "spruce",
    "stone",
    "summit",
    "thistle",
    "tulip",
    "velvet",
    "willow",
    "zephyr",
]


def one_time_password() -> str:
    return f"{secrets.choice(WORDS)}-{secrets.choice(WORDS)}-{secrets.randbelow(90) + 10}"


def username_for(display_name: str) -> str:
    base = re.sub(r"[^a-z0-9]", "", display_name.lower())[:16] or "student"
    for _ in range(50):
        candidate = f"{base}{secrets.randbelow(900) + 100}"
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    return f"{base}{secrets.token_hex(4)}"


@transaction.atomic
def classroom_create(*, owner: User, name: str) -> Classroom:
    for _ in range(10):
        try:
            with transaction.atomic():
                return Classroom.objects.create(owner=owner, name=name.strip(), join_code=new_join_code())
        except IntegrityError:
            continue  # a join code collision: draw another
    raise RuntimeError("Could not find a free join code")


@transaction.atomic
def classroom_regenerate_code(*, classroom: Classroom) -> str:
    for _ in range(10):
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code).exists():
            classroom.join_code = code
            classroom.save(update_fields=["join_code"])
            return code
    raise RuntimeError("Could not find a free join code")


@transaction.atomic
def students_bulk_create(*, classroom: Classroom, names: list[str]) -> list[tuple[User, str]]:
    """Make student accounts with one-time passwords; returns (user, password)."""
    made = []
    for name in names:
        password = one_time_password()
        user = User(
            username=username_for(name), display_name=name, role=User.Role.STUDENT, must_change_password=True
        )
        user.set_password(password)
        user.save()
        Enrolment.objects.create(classroom=classroom, student=user)
        made.append((user, password))
    return made


@transaction.atomic
def student_join(*, classroom: Classroom, display_name: str, password: str) -> User:
    user = User(username=username_for(display_name), display_name=display_name, role=User.Role.STUDENT)
    user.set_password(password)
    user.save()
    Enrolment.objects.create(classroom=classroom, student=user)
    return user


@transaction.atomic
def student_enrol(*, classroom: Classroom, user: User) -> Enrolment:
    enrolment, _ = Enrolment.objects.get_or_create(classroom=classroom, student=user)
    return enrolment


@transaction.atomic
def student_reset_password(*, student: User) -> str:
    password = one_time_password()
    student.set_password(password)
    student.must_change_password = True
    student.save(update_fields=["password", "must_change_password"])
    return password


@transaction.atomic
def student_remove(*, classroom: Classroom, student: User) -> None:
    """Take a student out of a class. Their attempts stay with them (and keep
    counting in the class's history for assignments they completed)."""
    Enrolment.objects.filter(classroom=classroom, student=student).delete()


@transaction.atomic
def assignment_create(*, classroom: Classroom, created_by: User, quiz=None, lesson=None, opens_at=None,
                      due_at=None, attempts_allowed: int = 1) -> Assignment:  # fmt: skip
    return Assignment.objects.create(
        classroom=classroom,
        quiz=quiz,
        lesson=lesson,
        opens_at=opens_at or timezone.now(),
        due_at=due_at,
        attempts_allowed=attempts_allowed,
        created_by=created_by,
    )


def assignment_due_for(assignment: Assignment, user) -> object:
    extension = next((e for e in assignment.extensions.all() if e.student_id == user.pk), None)
    return extension.due_at if extension else assignment.due_at


def assignment_can_start(*, assignment: Assignment, user) -> tuple[bool, str]:
    """May this student start (or resume) this assignment's quiz now?"""
    if not Enrolment.objects.filter(classroom=assignment.classroom, student=user).exists():
        return False, "This assignment is for another class."
    now = timezone.now()
    if assignment.opens_at > now:
        return False, f"This assignment opens on {timezone.localtime(assignment.opens_at):%d %b at %H:%M}."
    due = assignment_due_for(assignment, user)
    if due and now > due:
        return False, "This assignment is past its due date. Ask your teacher for an extension."
    return True, ""
