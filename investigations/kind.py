"""Investigate a post: a question kind that grades checking, not only looking.

The learner meets a post (an account, a date, a caption, a picture or a voice message), opens the
tools they choose (each opening is a step of working kept on the item, with
the verdict they held at that moment), then gives a verdict, pins the tools
whose results back it, and says what they would do. The answer is right when
the verdict is right and the pinned evidence supports it; the action and how
directly they got there are shown in the feedback and to the teacher.

A fixed question names its case in Question.setup ({"case": "<key>"}); a pool
cannot draw one. The kind lives here, above quizzes, and registers itself when
Django starts (InvestigationsConfig.ready): quizzes never imports the cases.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse

from investigations import cases as case_file
from investigations.grading import grade as grade_case
from quizzes.kinds import BadStep, Kind, register

# A question whose case this site no longer offers (gone from the case file, or left out with
# DLL_EXCLUDE_NONCOMMERCIAL after the form was seeded).
WITHDRAWN = (
    "This case is no longer offered on this site, so it cannot be answered. Ask your teacher to skip it."
)


def case_of(item) -> dict | None:
    question = getattr(item, "question", None)
    key = (question.setup or {}).get("case") if question is not None else None
    return case_file.get_case(key) if key else None


def opened_tools(work) -> list[str]:
    """The tools opened, in the order first opened."""
    return list(
        dict.fromkeys(step["tool"] for step in work or [] if step.get("tool") in case_file.TOOL_LABELS)
    )


def last_choice(work) -> dict:
    """The verdict, action and pins the learner held at their last step, to show them again."""
    return next((step for step in reversed(work or []) if step.get("tool")), {})


class InvestigateForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=list(case_file.VERDICT_LABELS.items()),
        error_messages={"required": "Choose a verdict.", "invalid_choice": "Choose one of the verdicts."},
    )
    action = forms.ChoiceField(
        choices=list(case_file.ACTION_LABELS.items()),
        error_messages={
            "required": "Choose what you would do.",
            "invalid_choice": "Choose one of the actions.",
        },
    )
    pinned = forms.MultipleChoiceField(required=False, choices=[])

    def __init__(self, data=None, *, opened: list[str], offered: bool = True, **kwargs):
        super().__init__(data, **kwargs)
        self.opened = opened
        self.offered = offered
        self.fields["pinned"].choices = [(tool, case_file.TOOL_LABELS[tool]) for tool in opened]
        self.fields["pinned"].error_messages["invalid_choice"] = "You can pin only a tool you opened."

    def clean(self):
        if not self.offered:
            # Graded against a case the learner cannot see, any answer would count as wrong.
            raise forms.ValidationError(WITHDRAWN)
        return super().clean()

    def normalised(self):
        data = self.cleaned_data
        return {"verdict": data["verdict"], "action": data["action"], "pinned": sorted(data["pinned"]),
                "opened": self.opened}, None  # fmt: skip


def graded(item):
    """The full grade of an answered item (verdict, evidence, action, directness), or None."""
    case = case_of(item)
    response = item.response or {}
    if case is None or "verdict" not in response:
        return None
    return grade_case(case, verdict=response["verdict"], action=response["action"],
                      pinned=response.get("pinned", []), opened=response.get("opened", []))  # fmt: skip


@register
class Investigate(Kind):
    value = "investigate"
    label = "Investigate a post"
    order = 70
    shows_media = False
    media_kinds = ()
    # A voice-message case shows its transcript beside the recording, so a learner who cannot hear
    # answers it by reading: needs_hearing stays False and no one needs to skip it.
    prompt = "Check this post before you share it: open the tools you need, then give your verdict."

    def form(self, item, data=None):
        return InvestigateForm(data, opened=opened_tools(item.work), offered=case_of(item) is not None)

    def step(self, item, data):
        tool = data.get("tool")
        if tool is None:
            return None
        if tool not in case_file.TOOL_LABELS:
            raise BadStep("There is no such tool.")
        if case_of(item) is None:
            raise BadStep(WITHDRAWN)
        opened = opened_tools(item.work)
        return {
            "tool": tool,
            "verdict": data.get("verdict") if data.get("verdict") in case_file.VERDICT_LABELS else "",
            "action": data.get("action") if data.get("action") in case_file.ACTION_LABELS else "",
            "pinned": [t for t in data.getlist("pinned") if t in opened],
        }

    def grade(self, item, response):
        case = case_of(item)
        if case is None:
            return False
        result = grade_case(case, verdict=response["verdict"], action=response["action"],
                            pinned=response["pinned"], opened=response.get("opened", []))  # fmt: skip
        return result.verdict_correct and result.evidence_supports

    def answer_text(self, item):
        response = item.response or {}
        if "verdict" not in response:
            return ""
        opened = " → ".join(case_file.step_labels(response.get("opened", []))) or "no tool"
        pinned = ", ".join(case_file.step_labels(response.get("pinned", []))) or "nothing"
        return (
            f"{case_file.VERDICT_LABELS.get(response['verdict'], response['verdict'])}; opened {opened}; "
            f"pinned {pinned}; {case_file.ACTION_LABELS.get(response['action'], response['action']).lower()}"
        )

    def right_answer_text(self, item):
        case = case_of(item)
        if case is None:
            return ""
        tools = " or ".join(case_file.step_labels(case["supporting_tools"]))
        return (
            f"{case_file.VERDICT_LABELS[case['verdict']]}, backed by {tools}; "
            f"{case_file.ACTION_LABELS[case['action']].lower()}"
        )

    def some_answer(self, item, n=0):
        verdicts, actions = list(case_file.VERDICT_LABELS), list(case_file.ACTION_LABELS)
        return {"verdict": verdicts[n % len(verdicts)], "action": actions[n % len(actions)], "pinned": [],
                "opened": []}, None  # fmt: skip

    def call_label(self, item):
        return None

    def question_context(self, item):
        case = case_of(item)
        if case is None:
            return {"case": None}
        opened = opened_tools(item.work)
        held = last_choice(item.work)
        return {
            "case": case,
            "post": case["post"],
            "voice": case_file.is_voice(case),
            "medium": case_file.medium(case),
            "post_src": reverse("investigations:item_image", args=[item.attempt.public_id, item.token]),
            "tools": case_file.TOOL_LABELS,
            "verdicts": case_file.VERDICT_LABELS,
            "actions": case_file.ACTION_LABELS,
            "results": [
                {
                    "tool": tool,
                    "tool_label": case_file.TOOL_LABELS[tool],
                    "result": case_file.run_tool(case, tool),
                }
                for tool in opened
            ],
            "opened": [(tool, case_file.TOOL_LABELS[tool]) for tool in opened],
            "held": held,
        }

    def reveal_context(self, item):
        case = case_of(item)
        result = graded(item)
        if case is None or result is None:
            return {"case": case, "graded": None}
        response = item.response
        return {
            "case": case,
            "post": case["post"],
            "graded": result,
            "medium": case_file.medium(case),
            "directness_percent": round(100 * result.directness),
            "answer_verdict": case_file.VERDICT_LABELS.get(response["verdict"], response["verdict"]),
            "answer_action": case_file.ACTION_LABELS.get(response["action"], response["action"]),
            "right_verdict": case_file.VERDICT_LABELS[case["verdict"]],
            "right_action": case_file.ACTION_LABELS[case["action"]],
            "pinned": case_file.step_labels(response.get("pinned", [])),
            "opened_labels": case_file.step_labels(response.get("opened", [])),
            "expert_path": case_file.step_labels(case["expert_path"]),
        }
