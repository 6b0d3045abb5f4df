"""Classes, enrolment and assignments."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from literacy.models import Lesson
from quizzes.models import Attempt, Quiz
from shared.ids import new_public_id

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: codes are read aloud and typed on phones.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class ClassroomQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def taught_by(self, user):
        return self.filter(models.Q(owner=user) | models.Q(co_teachers=user)).distinct()


class Classroom(models.Model):
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    name = models.CharField(max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms_owned"
    )
    co_teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="classrooms_co_taught"
    )
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    joining_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("classrooms:classroom_detail", args=[self.public_id])


class Enrolment(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrolments")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    joined_at = models.DateTimeField(auto_now_add=True)
    # The class that made this student account (bulk creation, or joining
    # without an account): only its teachers reset the password or issue a
    # login card. A self-learner's or another class's account is not theirs.
    manages_account = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="classrooms_enrolment_unique")
        ]

    def __str__(self):
        return f"{self.student} in {self.classroom}"


class Assignment(models.Model):
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey(
        Quiz, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(default=1, help_text="0 means unlimited.")
    # Off by default: past the due date (or a student's extension) answers and
    # starts are refused. On: they are taken and marked late.
    late_accepted = models.BooleanField(
        "Accept late work",
        default=False,
        help_text="Let students start and answer after the due date; their work is marked late.",
    )
    # Pre-test and post-test only: half the class takes form B first and
    # form A after (classrooms.selectors.test_form_for).
    counterbalanced = models.BooleanField(
        "Counterbalance the two forms",
        default=False,
        help_text="Half the class takes form B first and form A after, so a harder form cannot pass for learning.",
    )
    # A text route for learners who cannot hear: each recording question of
    # this assignment may be skipped (quizzes.services.attempt_excuse, asked
    # through quizzes.gates); skipped questions count nowhere.
    listening_optional = models.BooleanField(
        "Listening is optional",
        default=False,
        help_text="Learners who cannot hear may skip recordings; a skipped question is not scored.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(quiz__isnull=False, lesson__isnull=True)
                    | models.Q(quiz__isnull=True, lesson__isnull=False)
                ),
                name="classrooms_assignment_quiz_xor_lesson",
            )
        ]

    def __str__(self):
        return f"{self.quiz or self.lesson} for {self.classroom}"

    @property
    def title(self) -> str:
        """What a student sees: a pre-test or post-test by its place in the
        course, since with counterbalancing the form taken may be the other."""
        if self.quiz is not None and self.quiz.kind == Quiz.Kind.PRETEST:
            return "Skills check: before the course"
        if self.quiz is not None and self.quiz.kind == Quiz.Kind.POSTTEST:
            return "Skills check: after the course"
        return str(self.quiz or self.lesson)


class AssignmentAttempt(models.Model):
    """An attempt made for a class assignment. The link lives here, above the
    quizzes app, so quizzes knows nothing of classes: deleting an assignment
    deletes the link and the attempt stays with its learner."""

    attempt = models.OneToOneField(
        Attempt, primary_key=True, on_delete=models.CASCADE, related_name="assignment_link"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attempt_links")

    class Meta:
        indexes = [models.Index(fields=["assignment"])]

    def __str__(self):
        return f"{self.attempt_id} for {self.assignment_id}"


class Extension(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="classrooms_extension_unique")
        ]

    def __str__(self):
        return f"{self.student} until {self.due_at:%Y-%m-%d %H:%M}"


class CoTeacherInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(declined_at__isnull=True)


class CoTeacherInvitation(models.Model):
    """An invitation to co-teach a class, which the invited teacher accepts
    or declines; only acceptance gives access (it adds them to co_teachers
    and deletes the invitation).

    It keeps what the inviting teacher typed, and the teacher account it
    matched if any: an invitation is made whether or not the name matches a
    teacher, so neither the reply nor the class page tells the inviting
    teacher which usernames and e-mails are teachers'."""

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="invitations")
    invited_as = models.CharField(max_length=254)
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="co_teacher_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    objects = CoTeacherInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "invited_as"], name="classrooms_invitation_unique")
        ]

    def __str__(self):
        return f"{self.invited_as} to {self.classroom}"
