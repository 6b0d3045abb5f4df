"""Classroom writes: classes, joining, student accounts, assignments."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from classrooms import selectors
from classrooms.models import (
    Assignment,
    AssignmentAttempt,
    Classroom,
    CoTeacherInvitation,
    Enrolment,
    Extension,
    new_join_code,
)
from quizzes import services as quiz_services
from quizzes.models import Attempt, Quiz

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


def username_for(display_name: str, *, also_taken: set[str] = frozenset()) -> str:
    """A free username from the name; `also_taken` holds (lower-case) names
    given out in this batch but not saved yet."""
    base = re.sub(r"[^a-z0-9]", "", display_name.lower())[:16] or "student"
    for _ in range(50):
        candidate = f"{base}{secrets.randbelow(900) + 100}"
        if candidate in also_taken:
            continue
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


# Students made per request: hashing is the slow part (Argon2id, about 0.02 to
# 0.04 s each here, several times that on a busy machine), and 60 stay far
# inside gunicorn's 30 s timeout even then; longer lists go in steps of 60.
BULK_BATCH = 60


class AccountNotManaged(Exception):
    pass


NOT_MANAGED = (
    "This account was not made by this class (it belongs to a self-learner or to another class), "
    "so its password and login card stay with its owner or the class that made it."
)


@dataclass(frozen=True)
class NewStudent:
    user: User
    password: str
    card_token: str


def students_bulk_create(*, classroom: Classroom, names: list[str]) -> list[NewStudent]:
    """Make student accounts with one-time passwords and login cards. The
    passwords are hashed first, outside any transaction, so the database's
    write lock is held only for three bulk inserts."""
    taken: set[str] = set()
    prepared = []
    for name in names:
        password = one_time_password()
        username = username_for(name, also_taken=taken)
        taken.add(username.lower())
        user = User(username=username, display_name=name, role=User.Role.STUDENT, must_change_password=True)
        user.set_password(password)
        prepared.append((user, password))
    for _ in range(3):
        try:
            with transaction.atomic():
                users = User.objects.bulk_create([user for user, _ in prepared])
                Enrolment.objects.bulk_create(
                    Enrolment(classroom=classroom, student=user, manages_account=True) for user in users
                )
                tokens = account_services.login_cards_issue(users=users)
            break
        except IntegrityError:
            # Someone took one of these usernames meanwhile: draw them again.
            taken = set()
            for user, _ in prepared:
                user.pk = None
                user.username = username_for(user.display_name, also_taken=taken)
                taken.add(user.username.lower())
    else:
        raise RuntimeError("Could not find free usernames")
    return [NewStudent(user, password, tokens[user.pk]) for user, password in prepared]


@transaction.atomic
def student_join(*, classroom: Classroom, display_name: str, password: str) -> User:
    user = User(username=username_for(display_name), display_name=display_name, role=User.Role.STUDENT)
    user.set_password(password)
    user.save()
    Enrolment.objects.create(classroom=classroom, student=user, manages_account=True)
    return user


class EnrolmentRefused(Exception):
    pass


TEACHERS_DO_NOT_ENROL = (
    "Teacher accounts cannot join a class as a student. To teach a class together, "
    "ask its teacher to invite you as a co-teacher."
)


@transaction.atomic
def student_enrol(*, classroom: Classroom, user: User) -> Enrolment:
    """Enrol an existing account. A teacher's or staff account never becomes
    a student: enrolled, its password would be in other teachers' reach."""
    if user.is_teacher or user.is_staff:
        raise EnrolmentRefused(TEACHERS_DO_NOT_ENROL)
    enrolment, _ = Enrolment.objects.get_or_create(classroom=classroom, student=user)
    return enrolment


@transaction.atomic
def student_reset_password(*, classroom: Classroom, student: User) -> str:
    """A new one-time password, only for an account this class made."""
    if not selectors.class_manages_account(classroom, student):
        raise AccountNotManaged(NOT_MANAGED)
    password = one_time_password()
    student.set_password(password)
    student.must_change_password = True
    student.save(update_fields=["password", "must_change_password"])
    return password


@transaction.atomic
def student_remove(*, classroom: Classroom, student: User) -> None:
    """Take a student out of a class. Their attempts stay with them (and keep
    counting in the class's history for assignments they completed)."""
    managed = selectors.class_manages_account(classroom, student)
    Enrolment.objects.filter(classroom=classroom, student=student).delete()
    if managed:
        account_services.login_cards_revoke(users=[student])


@transaction.atomic
def assignment_create(*, classroom: Classroom, created_by: User, quiz=None, lesson=None, opens_at=None,
                      due_at=None, attempts_allowed: int = 1, counterbalanced: bool = False,
                      late_accepted: bool = False, listening_optional: bool = False) -> Assignment:  # fmt: skip
    # Counterbalancing means something only for a pre-test or a post-test.
    counterbalanced = (
        counterbalanced and quiz is not None and quiz.kind in (Quiz.Kind.PRETEST, Quiz.Kind.POSTTEST)
    )
    return Assignment.objects.create(
        classroom=classroom,
        quiz=quiz,
        lesson=lesson,
        opens_at=opens_at or timezone.now(),
        due_at=due_at,
        attempts_allowed=attempts_allowed,
        counterbalanced=counterbalanced,
        late_accepted=late_accepted,
        listening_optional=listening_optional,
        created_by=created_by,
    )


@transaction.atomic
def assignment_change_settings(
    *, assignment: Assignment, late_accepted: bool, listening_optional: bool
) -> Assignment:
    """Change what may change once an assignment is set. The gate and the excusal rule read these at each
    answer, so the change holds from the next answer on; a recording already skipped stays skipped."""
    assignment.late_accepted = late_accepted
    assignment.listening_optional = listening_optional
    assignment.save(update_fields=["late_accepted", "listening_optional"])
    return assignment


@transaction.atomic
def classroom_toggle_joining(*, classroom: Classroom) -> bool:
    classroom.joining_open = not classroom.joining_open
    classroom.save(update_fields=["joining_open"])
    return classroom.joining_open


@transaction.atomic
def classroom_toggle_archived(*, classroom: Classroom) -> bool:
    """Archive a class, or restore an archived one; True when now archived."""
    classroom.archived_at = None if classroom.archived_at else timezone.now()
    classroom.save(update_fields=["archived_at"])
    return classroom.archived_at is not None


class CoTeacherError(Exception):
    pass


# The one reply to an invitation, whatever the name matched: the inviting
# teacher must not learn which usernames and e-mails belong to teachers.
INVITED = (
    "If that is a teacher's account, they have been invited. They can accept or decline when they sign in."
)
# Invitations a class may hold at once (waiting or declined): enough for any
# teaching team, and a cap on a teacher typing guesses.
MAX_INVITATIONS = 20


@transaction.atomic
def co_teacher_invite(*, classroom: Classroom, invited_by: User, who: str) -> CoTeacherInvitation:
    """Invite a teacher to co-teach, by username or e-mail. An invitation is
    made whether or not the name is a teacher's (the invited teacher alone
    sees it, and only accepting gives access), so every valid request gets
    the same reply, INVITED. Asking again re-opens a declined invitation."""
    who = who.strip().lower()
    if not who:
        raise CoTeacherError("Enter the username or e-mail of the teacher to invite.")
    existing = classroom.invitations.filter(invited_as=who).first()
    if existing is None and classroom.invitations.count() >= MAX_INVITATIONS:
        raise CoTeacherError(
            f"This class already has {MAX_INVITATIONS} invitations. Withdraw some before inviting more."
        )
    invitee = (
        User.objects.teachers()
        .filter(Q(username__iexact=who) | Q(email__iexact=who))
        .exclude(pk=classroom.owner_id)
        .exclude(pk__in=classroom.co_teachers.values("pk"))
        .first()
    )
    if existing is not None:
        existing.declined_at = None
        existing.invitee = existing.invitee or invitee
        existing.save(update_fields=["declined_at", "invitee"])
        return existing
    return CoTeacherInvitation.objects.create(
        classroom=classroom, invited_as=who, invitee=invitee, invited_by=invited_by
    )


@transaction.atomic
def co_teacher_invitation_accept(*, invitation: CoTeacherInvitation) -> Classroom:
    """The invited teacher accepts: only now do they get the class. Every
    invitation of theirs to this class goes (one by username, one by e-mail)."""
    classroom = invitation.classroom
    classroom.co_teachers.add(invitation.invitee)
    classroom.invitations.filter(invitee=invitation.invitee).delete()
    return classroom


@transaction.atomic
def co_teacher_invitation_decline(*, invitation: CoTeacherInvitation) -> None:
    invitation.classroom.invitations.filter(invitee=invitation.invitee).update(declined_at=timezone.now())


@transaction.atomic
def co_teacher_invitation_withdraw(*, invitation: CoTeacherInvitation) -> None:
    invitation.delete()


@transaction.atomic
def classroom_remove_co_teacher(*, classroom: Classroom, teacher_id) -> None:
    classroom.co_teachers.remove(*classroom.co_teachers.filter(pk=teacher_id))


@transaction.atomic
def extension_grant(*, assignment: Assignment, student: User, due_at) -> Extension:
    extension, _ = Extension.objects.update_or_create(
        assignment=assignment, student=student, defaults={"due_at": due_at}
    )
    return extension


class AssignmentClosed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def assignment_attempt_start(*, assignment: Assignment, user: User) -> Attempt:
    """Start (or resume) this student's attempt at an assignment's quiz, after
    the assignment's gate (class, opening, due date); the attempt is linked to
    the assignment here, so quizzes knows nothing of classes. Raises
    AssignmentClosed, or quizzes' QuizError (e.g. no attempts left)."""
    reason = selectors.assignment_gate(assignment=assignment, user=user)
    if reason:
        raise AssignmentClosed(reason)
    # The assigned quiz, or for a pre-test or post-test the form this student takes.
    quiz = selectors.test_form_for(assignment, user)
    if quiz.is_graded:
        # One attempt at a graded quiz in all: one taken on its own counts here.
        earlier = Attempt.objects.for_learner(user=user).filter(quiz=quiz).order_by("-started_at").first()
        if earlier is not None and earlier.finished_at is not None:
            _link(attempt=earlier, assignment=assignment)
            raise AssignmentClosed(
                "You have already taken this test; your result counts for this assignment."
            )
    with transaction.atomic():
        attempt = quiz_services.attempt_start(
            quiz=quiz,
            user=user,
            within=selectors.assignment_attempts(assignment),
            attempts_allowed=assignment.attempts_allowed,
        )
        _link(attempt=attempt, assignment=assignment)
    return attempt


@transaction.atomic
def _link(*, attempt: Attempt, assignment: Assignment) -> None:
    """Count an attempt for an assignment (an attempt counts for one at most)."""
    AssignmentAttempt.objects.get_or_create(attempt=attempt, defaults={"assignment": assignment})


@transaction.atomic
def classroom_login_cards_issue(*, classroom: Classroom) -> list[tuple[User, str]]:
    """New login cards for the class's students (old ones stop working);
    returns (student, token) pairs for printing now."""
    students = list(selectors.managed_students(classroom).order_by("display_name"))
    tokens = account_services.login_cards_issue(users=students)
    return [(student, tokens[student.pk]) for student in students]


@transaction.atomic
def classroom_login_cards_revoke(*, classroom: Classroom) -> int:
    """Revoke the login cards of the class's students; returns how many."""
    return account_services.login_cards_revoke(users=selectors.managed_students(classroom))


@transaction.atomic
def student_login_reset(*, classroom: Classroom, student: User) -> tuple[str, str]:
    """A new one-time password and login card, together; raises
    AccountNotManaged (and changes nothing) if this class did not make the account."""
    password = student_reset_password(classroom=classroom, student=student)
    return password, classroom_student_card_issue(classroom=classroom, student=student)


def classroom_student_card_issue(*, classroom: Classroom, student: User) -> str:
    """A new login card for one student (after a password reset)."""
    if not selectors.class_manages_account(classroom, student):
        raise AccountNotManaged(NOT_MANAGED)
    return account_services.login_cards_issue(users=[student])[student.pk]
