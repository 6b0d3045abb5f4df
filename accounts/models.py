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


class LoginFailure(models.Model):
    """A failed log-in, kept for rate limiting per account and per address.
    In the database (not a per-process cache) so every worker sees them."""

    username = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.username} from {self.ip} at {self.at:%H:%M}"
