"""Read-side of the teacher dashboard: a fixed number of queries per page,
whatever the class size (the numbers are assembled in Python)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, DateTimeField, Max, Q, Sum, Value
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from classrooms import analysis
from classrooms.models import Assignment, AssignmentAttempt, Classroom, Enrolment
from classrooms.selectors import assignment_attempts, is_late, last_answer_at
from literacy import media
from literacy.models import Example, Label, Rendition, Technique, renditions_of
from quizzes import kinds, scoring
from quizzes.models import Attempt, AttemptItem, Question
from quizzes.selectors import best_attempt
from shared.limits import cache_errors

# What the item analysis reads of each answer and each example.
ANALYSIS_FIELDS = (
    "attempt_id", "kind", "question_id", "example_id", "example_b_id",
    "response", "confidence", "is_correct", "swapped", "excused",
)  # fmt: skip
EXAMPLE_FIELDS = ("pk", "public_id", "title", "label", "technique", "family", "use")


def roster(classroom):
    return list(
        Enrolment.objects.filter(classroom=classroom)
        .select_related("student")
        .order_by("student__display_name")
    )


def assignment_status(assignment: Assignment, enrolments) -> dict:
    # The live dashboard polls this every few seconds: plain rows, and only
    # the two figures it shows from each attempt's summary.
    extended = {e.student_id: e.due_at for e in assignment.extensions.all()}
    now = timezone.now()
    # Each attempt's last answer only matters once a due date has passed:
    # before the earliest one (extensions included) every answer so far is in
    # time, and the poll skips the subquery that reads it, per attempt.
    dues = [due for due in (assignment.due_at, *extended.values()) if due is not None]
    last_answer = last_answer_at() if dues and now > min(dues) else Value(None, DateTimeField())
    attempts = (
        assignment_attempts(assignment)
        .annotate(last_answer=last_answer)
        .values_list(
            "user_id", "finished_at", "summary__accuracy", "summary__d_prime", "started_at", "last_answer"
        )
    )
    by_student = defaultdict(list)
    for user_id, finished_at, accuracy, d_prime, started_at, last_answer in attempts.order_by():
        by_student[user_id].append((finished_at, accuracy, d_prime, started_at, last_answer))
    rows = []
    for enrolment in enrolments:
        mine = by_student.get(enrolment.student_id, [])
        finished = [a for a in mine if a[0]]
        best = best_attempt(finished, accuracy=lambda a: a[1] or 0)
        due = extended.get(enrolment.student_id, assignment.due_at)
        state = "finished" if finished else "started" if mine else "not started"
        # Late work is the work that counts (the best finished attempt, or
        # any unfinished one) started or answered after this student's due date.
        counted = [best] if best else mine
        late = any(is_late(due=due, started_at=a[3], last_answer_at=a[4]) for a in counted)
        rows.append(
            {
                "student": enrolment.student,
                "state": state,
                "late": late,
                "past_due": not finished and due is not None and now > due,
                "due": due,
                "attempts": len(mine),
                "best": {"accuracy": best[1] or 0, "d_prime": best[2]} if best else None,
            }
        )
    counts = Counter(r["state"] for r in rows)
    latest_due = max((r["due"] for r in rows if r["due"]), default=assignment.due_at)
    return {
        "rows": rows,
        "finished": counts["finished"],
        "started": counts["started"],
        "not_started": counts["not started"],
        "late": sum(1 for r in rows if r["late"]),
        # Polled while anyone may still work: late work accepted, or before
        # the last due date (extensions included).
        "open": assignment.late_accepted or not latest_due or now <= latest_due,
    }


@dataclass(slots=True)
class _Answer:
    """One answer as the item analysis reads it: a plain row, not a model
    instance (a class of 30 gives thousands of answers)."""

    attempt_id: int
    kind: str
    question_id: int | None
    example_id: int | None
    example_b_id: int | None
    response: dict
    confidence: int | None
    is_correct: bool | None
    swapped: bool
    # Skipped where listening was optional: in no share, count or summary.
    excused: bool
    is_answered: bool
    example: _Example | None = None
    example_b: _Example | None = None
    question: Question | None = None

    @property
    def spec(self) -> kinds.Kind:
        return kinds.get(self.kind)

    def get_kind_display(self) -> str:
        """The kind's name, as AttemptItem's would say it. The row itself goes
        in the table: an unsaved AttemptItem per question took about a third
        of the analysis (hundreds of questions in a pool quiz, twenty shown)."""
        return dict(kinds.choices()).get(self.kind, self.kind)


@dataclass(slots=True, frozen=True)
class _Example:
    """An example as the item analysis reads and shows it: a plain row, not a
    model instance. A pool quiz's answers reach hundreds of examples, and
    building a model instance for each was a fifth of the analysis. The kinds
    read its label, technique and family; the table shows the rest."""

    pk: int
    public_id: str
    title: str
    label: str
    technique: str
    family: str
    use: str

    def __str__(self) -> str:
        return self.title

    def get_label_display(self) -> str:
        return dict(Label.choices).get(self.label, self.label)

    def get_technique_display(self) -> str:
        return dict(Technique.choices).get(self.technique, self.technique)

    def get_absolute_url(self) -> str:
        return reverse("literacy:example_detail", args=[self.public_id])


# How long a class's item analysis is kept at most: an example's title edited
# in the admin shows by then, though no one has finished since.
ANALYSIS_SECONDS = 600


def _analysis_key(assignment: Assignment) -> str:
    """A key that changes whenever the set of finished attempts does: the
    analysis reads finished attempts only, and a finished attempt's answers
    never change. Ids are never reused (AUTOINCREMENT on SQLite, sequences on
    PostgreSQL), so an attempt finished and another deleted still change it."""
    stamp = (
        assignment_attempts(assignment)
        .filter(finished_at__isnull=False)
        .aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("finished_at"))
    )
    last = stamp["last"].isoformat() if stamp["last"] else "-"
    return f"item-analysis:{assignment.pk}:{stamp['n']}:{stamp['ids'] or 0}:{last}"


def item_analysis(assignment: Assignment) -> dict:
    """The class's answers question by question, the fakes that fooled it and
    its summary. Computed once per change in the finished attempts (a pool
    quiz's class gives thousands of answers over hundreds of questions, most
    of the dashboard page's time) and kept in the cache; when the cache does
    not answer, computed every time."""
    key = _analysis_key(assignment)
    try:
        kept = cache.get(key)
    except cache_errors():
        return _item_analysis(assignment)
    if kept is None:
        kept = _item_analysis(assignment)
        try:
            cache.set(key, kept, ANALYSIS_SECONDS)
        except cache_errors():
            pass  # the page is still right, only slower next time
    return kept


def _item_analysis(assignment: Assignment) -> dict:
    # Each answer as a plain row, then each example, question and attempt
    # score once: thousands of answers, a few dozen distinct questions.
    rows = (
        AttemptItem.objects.filter(
            attempt__assignment_link__assignment=assignment, attempt__finished_at__isnull=False
        )
        .annotate(answered=Q(answered_at__isnull=False, excused=False))
        .values_list(*ANALYSIS_FIELDS, "answered")
    )
    items = [_Answer(*row) for row in rows.order_by()]
    example_ids = {i.example_id for i in items} | {i.example_b_id for i in items}
    examples = {
        row[0]: _Example(*row)
        for row in Example.objects.filter(pk__in=example_ids - {None}).values_list(*EXAMPLE_FIELDS)
    }
    questions = Question.objects.in_bulk({i.question_id for i in items} - {None})
    for item in items:
        item.example = examples.get(item.example_id)
        item.example_b = examples.get(item.example_b_id)
        item.question = questions.get(item.question_id)
    finished = assignment_attempts(assignment).filter(finished_at__isnull=False)
    totals = {pk: accuracy or 0 for pk, accuracy in finished.values_list("pk", "summary__accuracy")}
    groups = defaultdict(list)
    for item in items:
        key = (
            ("q", item.question_id)
            if item.question_id
            else ("e", item.kind, item.example_id, item.example_b_id)
        )
        groups[key].append(item)
    rows = []
    for group in groups.values():
        first = group[0]
        answered = [i for i in group if i.is_answered]
        right = sum(1 for i in answered if i.is_correct)
        answers = Counter(kinds.answer_text(i) for i in answered)
        rows.append(
            {
                "item": first,
                "n": len(answered),
                "share": right / len(answered) if answered else None,
                "discrimination": analysis.discrimination_index(
                    [(totals[i.attempt_id], bool(i.is_correct)) for i in answered]
                ),
                "answers": answers.most_common(),
            }
        )
    rows.sort(key=lambda r: r["share"] if r["share"] is not None else 2)
    fooled = defaultdict(lambda: {"n": 0, "fooled": 0})
    for item in items:
        fake = item.spec.fake_judged(item) if item.is_answered else None
        if fake is None:
            continue
        row = fooled[fake.pk]
        row["example"] = fake
        row["n"] += 1
        row["fooled"] += 0 if item.is_correct else 1
    fooled_rows = sorted((r for r in fooled.values() if r["fooled"]), key=lambda r: -r["fooled"] / r["n"])[:8]
    records = [kinds.record(i) for i in items]
    class_summary = scoring.summarise(records)
    return {"rows": rows, "fooled": fooled_rows, "summary": class_summary}


def attempt_answers(attempt: Attempt) -> list[dict]:
    """One attempt, answer by answer, for the teacher: what was shown, what the
    student said, whether it was right, how sure they were and how long they took."""
    items = (
        attempt.items.select_related("example", "example_b", "question")
        .prefetch_related(*renditions_of(Rendition.Purpose.LIBRARY, "example", "example_b"))
        .order_by("position")
    )
    rows = []
    for item in items:
        shown = item.spec.shown_examples(item)
        seconds = (
            (item.answered_at - item.shown_at).total_seconds() if item.answered_at and item.shown_at else None
        )
        rows.append(
            {
                "item": item,
                "shown": [{"example": e, "image": media.rendition_set(e, "library")} for e in shown],
                "answer": kinds.answer_text(item) if item.is_answered else None,
                "seconds": round(seconds) if seconds is not None else None,
            }
        )
    return rows


# A question answered by fewer students is not news when others have more.
HARDEST_MIN_ANSWERS = 3


def answers_needed(rows: list[dict], *, most: int = HARDEST_MIN_ANSWERS) -> int:
    """How many answers a question needs to be listed among the hardest:
    three, or fewer while no question has three yet (two students who both
    finished still see their questions)."""
    return max(1, min(most, max((r["n"] for r in rows), default=0)))


def hardest(rows: list[dict], *, count: int = 20, min_answers: int = HARDEST_MIN_ANSWERS) -> list[dict]:
    """The hardest questions worth a teacher's look: in a pool quiz most
    questions reach only a student or two, and one wrong answer is not news."""
    return [r for r in rows if r["n"] >= min_answers][:count]


# Accuracy, sensitivity (d'), bias (criterion c) and calibration (Brier).
PREPOST_METRICS = ("accuracy", "d_prime", "criterion", "brier")


def prepost(classroom, enrolments) -> dict | None:
    assignments = list(
        Assignment.objects.filter(classroom=classroom, quiz__kind__in=["pretest", "posttest"]).select_related(
            "quiz"
        )
    )
    pre = [a for a in assignments if a.quiz.kind == "pretest"]
    post = [a for a in assignments if a.quiz.kind == "posttest"]
    if not pre or not post:
        return None
    links = AssignmentAttempt.objects.filter(
        assignment__in=assignments, attempt__finished_at__isnull=False
    ).select_related("attempt", "assignment__quiz")
    by_student = defaultdict(list)
    for link in links:
        by_student[(link.attempt.user_id, link.assignment.quiz.kind)].append(link.attempt)
    best = {key: best_attempt(attempts) for key, attempts in by_student.items()}
    rows = []
    for enrolment in enrolments:
        a, b = best.get((enrolment.student_id, "pretest")), best.get((enrolment.student_id, "posttest"))
        row = {"student": enrolment.student}
        for metric in PREPOST_METRICS:
            before = a.summary.get(metric) if a else None
            after = b.summary.get(metric) if b else None
            row[metric] = (
                before,
                after,
                after - before if before is not None and after is not None else None,
            )
        rows.append(row)
    summary = {}
    for metric in PREPOST_METRICS:
        _gains, interval = analysis.paired_gains([(r[metric][0], r[metric][1]) for r in rows])
        summary[metric] = interval
    verdict = analysis.learning_verdict(summary["accuracy"], summary["d_prime"], summary["criterion"])
    return {"rows": rows, "summary": summary, "verdict": verdict}


def classes_taught_by(user):
    return Classroom.objects.taught_by(user).order_by("archived_at", "name")


def assignments_of(classroom) -> list[Assignment]:
    return list(classroom.assignments.select_related("quiz", "lesson").order_by("-opens_at"))


def attempts_of_student(student, classroom):
    """A student's attempts at this class's assignments: a teacher sees what
    was done for their class, not a shared student's work for another class
    or their own practice."""
    return (
        Attempt.objects.filter(user=student, assignment_link__assignment__classroom=classroom)
        .select_related("quiz", "assignment_link__assignment")
        .order_by("-started_at")
    )


def get_attempt_of_student(student, classroom, public_id) -> Attempt:
    attempt = attempts_of_student(student, classroom).filter(public_id=public_id).first()
    if attempt is None:
        raise Http404("No such attempt")
    return attempt
