import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class UserQuerySet(models.QuerySet):
    def teachers(self):
        return self.filter(role=User.Role.TEACHER)

    def students(self):
        return self.filter(role=User.Role.STUDENT)


class AppUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who uses the site.

    Teachers sign up with an email; students are made by joining a class or by
    a teacher's bulk creation and need no email; learners are self-learners who
    signed up to keep their progress.
    """

    class Role(models.TextChoices):
        LEARNER = "learner", "Learner"
        STUDENT = "student", "Student"
        TEACHER = "teacher", "Teacher"

    display_name = models.CharField(max_length=80, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.LEARNER)
    email = models.EmailField("email address", blank=True)
    # A teacher-issued one-time password must be changed at first login.
    must_change_password = models.BooleanField(default=False)

    objects = AppUserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_unique_email",
            )
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT


def login_card_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginCard(models.Model):
    """The QR code on a student's printed login card: scanning it signs the
    student in with no password, so a class gets in within seconds.

    One card per student; a new one replaces the old, and deleting it revokes
    it. Only the SHA-256 of the 128-bit random token is stored (a plain hash
    suffices for a random secret of that size, and costs no CPU at sign-in);
    the token itself exists on the printed card and in the teacher's session
    until the cards are printed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_card")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"login card of {self.user}"
