"""How a class checked its investigation cases: per case, the tools each
student opened before deciding (in order), how often their verdict changed
after a tool, and the class's most common wrong path. Read for one assignment
in two queries, whatever the class size."""

from __future__ import annotations

from collections import defaultdict

from classrooms import analysis
from classrooms.models import Assignment
from investigations import cases as case_file
from investigations.graded import KIND
from investigations.kind import opened_tools
from quizzes.models import AttemptItem, Question


def _labels(tools) -> list[str]:
    return case_file.step_labels(tools)


def investigation_paths(assignment: Assignment) -> list[dict]:
    """One entry per case in the assignment's quiz, students by name; answered items only."""
    answered = (
        AttemptItem.objects.filter(
            attempt__assignment_link__assignment=assignment,
            kind=KIND,
            answered_at__isnull=False,
            excused=False,
        )
        .values_list(
            "question_id",
            "attempt__user__display_name",
            "attempt__user__username",
            "work",
            "response",
            "is_correct",
        )
        .order_by("question_id", "attempt_id")
    )
    by_question = defaultdict(list)
    for question_id, display_name, username, work, response, is_correct in answered:
        by_question[question_id].append(
            (display_name or username or "", work or [], response or {}, is_correct)
        )
    questions = Question.objects.filter(pk__in=by_question).order_by("position").only("setup", "position")
    cases = []
    for question in questions:
        case = case_file.get_case((question.setup or {}).get("case", ""))
        if case is None:
            continue
        students, wrong_paths = [], []
        for name, work, response, is_correct in sorted(
            by_question[question.pk], key=lambda row: row[0].lower()
        ):
            tools = tuple(response.get("opened") or opened_tools(work))
            verdict = response.get("verdict", "")
            held = [step.get("verdict", "") for step in work if step.get("tool")]
            students.append(
                {
                    "name": name,
                    "tools": _labels(tools),
                    "changes": analysis.verdict_changes(held, verdict),
                    "verdict": case_file.VERDICT_LABELS.get(verdict, verdict),
                    "right": bool(is_correct),
                }
            )
            if verdict != case["verdict"]:
                wrong_paths.append((tools, verdict))
        common = analysis.most_common_path(wrong_paths)
        cases.append(
            {
                "caption": case["post"]["caption"],
                "right_verdict": case_file.VERDICT_LABELS[case["verdict"]],
                "expert_path": _labels(case["expert_path"]),
                "students": students,
                "right": sum(1 for s in students if s["right"]),
                "changed": sum(1 for s in students if s["changes"]),
                "no_tool": sum(1 for s in students if not s["tools"]),
                "common_wrong": (
                    {
                        "tools": _labels(common[0]),
                        "verdict": case_file.VERDICT_LABELS.get(common[1], common[1]),
                        "n": common[2],
                    }
                    if common
                    else None
                ),
            }
        )
    return cases
