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
