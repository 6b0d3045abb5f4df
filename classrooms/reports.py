"""Read-side of the teacher dashboard: a fixed number of queries per page,
whatever the class size (the numbers are assembled in Python)."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from classrooms import analysis
from classrooms.models import Assignment, Enrolment
from literacy.models import Rendition
from quizzes import scoring
from quizzes.models import Attempt, AttemptItem


def roster(classroom):
    return list(
        Enrolment.objects.filter(classroom=classroom)
        .select_related("student")
        .order_by("student__display_name")
    )


def assignment_status(assignment: Assignment, enrolments) -> dict:
    attempts = list(
        Attempt.objects.filter(assignment=assignment).only(
            "public_id", "user_id", "started_at", "finished_at", "summary"
        )
    )
    by_student = defaultdict(list)
    for attempt in attempts:
        by_student[attempt.user_id].append(attempt)
    now = timezone.now()
    rows = []
    for enrolment in enrolments:
        mine = by_student.get(enrolment.student_id, [])
        finished = [a for a in mine if a.finished_at]
        best = max(finished, key=lambda a: a.summary.get("accuracy") or 0, default=None)
        state = "finished" if finished else "started" if mine else "not started"
        if state != "finished" and assignment.due_at and now > assignment.due_at:
            state += " (late)"
        rows.append({"student": enrolment.student, "state": state, "attempts": len(mine), "best": best})
    counts = Counter(r["state"].split(" (")[0] for r in rows)
    return {
        "rows": rows,
        "finished": counts["finished"],
        "started": counts["started"],
        "not_started": counts["not started"],
        "open": not assignment.due_at or now <= assignment.due_at,
    }


def item_analysis(assignment: Assignment) -> dict:
    items = list(
        AttemptItem.objects.filter(attempt__assignment=assignment, attempt__finished_at__isnull=False)
        .select_related("example", "example_b", "question", "attempt")
        .prefetch_related(
            Prefetch("example__renditions", queryset=Rendition.objects.filter(purpose="library")),
            Prefetch("example_b__renditions", queryset=Rendition.objects.filter(purpose="library")),
        )
    )
    totals = {}
    for item in items:
        totals.setdefault(item.attempt_id, item.attempt.summary.get("accuracy") or 0)
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
        answers = Counter(_answer_text(i) for i in answered)
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
        if not item.is_answered:
            continue
        if item.kind == "real_or_synthetic" and item.example.label == "synthetic":
            row = fooled[item.example_id]
            row["example"] = item.example
            row["n"] += 1
            row["fooled"] += 0 if item.is_correct else 1
        elif item.kind == "which_is_real":
            fake = item.example if item.example.label == "synthetic" else item.example_b
            row = fooled[fake.pk]
            row["example"] = fake
            row["n"] += 1
            row["fooled"] += 0 if item.is_correct else 1
    fooled_rows = sorted((r for r in fooled.values() if r["fooled"]), key=lambda r: -r["fooled"] / r["n"])[:8]
    records = [i.record() for i in items]
    class_summary = scoring.summarise(records)
    return {"rows": rows, "fooled": fooled_rows, "summary": class_summary}


def _answer_text(item) -> str:
    r = item.response or {}
    if r.get("timed_out"):
        return "ran out of time"
    if "choice" in r:
        return r["choice"]
    if "side" in r:
        return f"{r['side']} side"
    if "choices" in r and item.question_id:
        return ", ".join(
            item.question.choices[i]["text"][:40] for i in r["choices"] if i < len(item.question.choices)
        )
    if "x" in r:
        return "inside a changed area" if item.is_correct else "outside the changed areas"
    return "?"


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
    attempts = Attempt.objects.filter(assignment__in=assignments, finished_at__isnull=False).select_related(
        "assignment__quiz"
    )
    best = {}
    for attempt in attempts:
        key = (attempt.user_id, attempt.assignment.quiz.kind)
        if key not in best or (attempt.summary.get("accuracy") or 0) > (
            best[key].summary.get("accuracy") or 0
        ):
            best[key] = attempt
    rows = []
    for enrolment in enrolments:
        a, b = best.get((enrolment.student_id, "pretest")), best.get((enrolment.student_id, "posttest"))
        row = {"student": enrolment.student}
        for metric in ("accuracy", "d_prime", "brier"):
            before = a.summary.get(metric) if a else None
            after = b.summary.get(metric) if b else None
            row[metric] = (
                before,
                after,
                after - before if before is not None and after is not None else None,
            )
        rows.append(row)
    summary = {}
    for metric in ("accuracy", "d_prime", "brier"):
        _gains, interval = analysis.paired_gains([(r[metric][0], r[metric][1]) for r in rows])
        summary[metric] = interval
    return {"rows": rows, "summary": summary}
