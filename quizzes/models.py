"""Quizzes, their questions, and learners' attempts.

An attempt freezes its items when it starts (fixed questions, or a pool drawn
at random), so a reload, a resume or a later edit of the quiz never changes
what the learner is answering. Scoring maths lives in scoring.py (no Django).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from literacy.models import Example, Lesson
from quizzes import gates, kinds
from shared.ids import new_item_token, new_public_id


class QuizQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        """Quizzes anyone can take, signed in or not."""
        return self.published().filter(is_public=True)


class Quiz(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", "Practice"
        GRADED = "graded", "Graded"
        PRETEST = "pretest", "Pre-test"
        POSTTEST = "posttest", "Post-test"

    class Feedback(models.TextChoices):
        EACH = "each", "After each question"
        END = "end", "Only at the end"

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    key = models.SlugField(max_length=80, unique=True, help_text="Stable key for seeded quizzes.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PRACTICE)
    lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="quizzes"
    )
    feedback = models.CharField(max_length=4, choices=Feedback.choices, default=Feedback.EACH)
    time_limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    question_time_limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(default=0, help_text="0 means unlimited.")
    show_answers_after = models.BooleanField(default=True)
    shuffle = models.BooleanField(default=True)
    is_public = models.BooleanField(default=True)
    is_published = models.BooleanField(default=True)
    # A pool quiz draws `pool_size` items per attempt from examples matching
    # `pool_filters` ({"families": [...], "techniques": [...], "difficulty": [lo, hi],
    # "item_set": "pre"}) in the given `pool_kinds`. A fixed quiz uses its Questions.
    pool_size = models.PositiveSmallIntegerField(default=0)
    pool_filters = models.JSONField(default=dict, blank=True)
    pool_kinds = models.JSONField(default=list, blank=True)
    # Pre-test and post-test are matched pairs.
    pair = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="paired_with"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "quizzes"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quizzes:quiz_detail", args=[self.public_id])

    @property
    def is_graded(self) -> bool:
        """Graded quizzes draw on assessment examples only."""
        return self.kind != self.Kind.PRACTICE

    @property
    def is_pool(self) -> bool:
        return self.pool_size > 0


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=kinds.choices)
    prompt = models.TextField(blank=True)
    example = models.ForeignKey(Example, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    example_b = models.ForeignKey(Example, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Multiple choice: [{"text": "...", "correct": true}, ...]
    choices = models.JSONField(default=list, blank=True)
    explanation = models.TextField(blank=True)
    # What a kind needs beyond text and examples, read only by that kind
    # (investigate: {"case": "<case key>"}).
    setup = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["quiz_id", "position"]
        constraints = [models.UniqueConstraint(fields=["quiz", "position"], name="quizzes_question_position")]

    def __str__(self):
        return f"{self.quiz} #{self.position} ({self.kind})"

    @property
    def spec(self) -> kinds.Kind:
        return kinds.get(self.kind)


class AttemptQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(finished_at__isnull=False)

    def in_progress(self):
        return self.filter(finished_at__isnull=True)

    def for_learner(self, *, user=None, session_key: str = ""):
        """The one ownership rule for attempts: a signed-in learner owns their
        account's attempts; an anonymous one, the attempts of their session."""
        if user is not None and user.is_authenticated:
            return self.filter(user=user)
        if session_key:
            return self.filter(user__isnull=True, session_key=session_key)
        return self.none()


class Attempt(models.Model):
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    # Anonymous learners: the session that owns the attempt until they sign up.
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Summary written when the attempt is finished (accuracy, d', Brier, ...).
    summary = models.JSONField(default=dict, blank=True)
    # Progress without counting rows: item_count is fixed when the attempt
    # starts; answered_count rises in the same transaction as each answer.
    item_count = models.PositiveSmallIntegerField(default=0)
    answered_count = models.PositiveSmallIntegerField(default=0)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["quiz", "user"])]

    def __str__(self):
        return f"{self.user or 'anonymous'} on {self.quiz}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    def belongs_to(self, *, user=None, session_key: str = "") -> bool:
        """The same rule as AttemptQuerySet.for_learner, for a row already loaded."""
        if user is not None and user.is_authenticated:
            return self.user_id == user.pk
        return self.user_id is None and bool(session_key) and self.session_key == session_key


class AttemptItemQuerySet(models.QuerySet):
    def for_answer(self):
        """With everything grading and the feedback need: attempt, quiz,
        examples, and what the gates from above read of the attempt
        (quizzes.gates.attempt_relations), so they need no query of their own."""
        loads = [f"attempt__{path}" for path in gates.attempt_relations()]
        return self.select_related("attempt__quiz", "example", "example_b", "question", *loads)

    def by_token(self, token: str):
        """The item with this token, or None. Without the ORDER BY that
        first() adds (the token is unique): over this many joined columns,
        Django's compiling of it cost half as much again as the rest of the
        query (profiled in #12)."""
        return next(iter(self.filter(token=token).order_by()[:1]), None)


class AttemptItem(models.Model):
    """One question as frozen into an attempt, and the learner's answer to it."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=16, unique=True, default=new_item_token, editable=False)
    kind = models.CharField(max_length=20, choices=kinds.choices)
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    example = models.ForeignKey(Example, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    example_b = models.ForeignKey(Example, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # which_is_real: True when example_b is shown on the left.
    swapped = models.BooleanField(default=False)
    # multiple_choice: the order the choices are shown in (indices into the
    # question's choices), drawn per attempt and kept for a resumed attempt.
    choice_order = models.JSONField(default=list, blank=True)
    shown_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # What the learner sent, normalised: {"choice": "synthetic"}, {"side": "left"},
    # {"x": 0.4, "y": 0.3}, {"choices": [0, 2]}.
    response = models.JSONField(default=dict, blank=True)
    # "How likely synthetic" 0-100 for real_or_synthetic; null elsewhere.
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)
    # The learner's working before the answer, one entry per step, as the kind
    # records it (investigate: each tool opened and the verdict held then).
    work = models.JSONField(default=list, blank=True)
    # Set aside by a rule from above (an assignment that makes listening
    # optional): not asked, not counted, not graded.
    excused = models.BooleanField(default=False)

    objects = AttemptItemQuerySet.as_manager()

    class Meta:
        # By column, not by relation: "attempt" would join the attempt table
        # to sort by its own ordering on every query.
        ordering = ["attempt_id", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="quizzes_item_position")]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def spec(self) -> kinds.Kind:
        return kinds.get(self.kind)

    def grade(self, response: dict) -> bool:
        """Is this normalised response right? (The kind's rule.)"""
        return kinds.grade(self, response)

    def record(self) -> dict:
        """A plain answer record for scoring.summarise()."""
        return kinds.record(self)
