"""Which cases the graded forms use, and the practice quiz made of the others.

The pre-test and post-test each get one case of every verdict a learner can
reach by checking (in context, miscaptioned, edited, wholly generated): the
same mix on both forms, so a learner who always says "edited" scores the same
on each, and a gain means better checking rather than more suspicion. A case
whose picture (or the original it was made from) appears elsewhere in a form,
or in the other form, is passed over. Cases on a graded form appear nowhere
else on the site: not in the case list, not in the practice quiz.

Voice-message cases never go on the forms, whatever their verdict: the forms'
voice block (quizzes seed_quizzes.voice_forms) already measures listening, and
a form that also asked about a voice in a case would weigh it twice. They stay
in practice."""

from __future__ import annotations

from investigations import cases as case_file
from quizzes.selectors import graded_setups

FORM_VERDICTS = ("in_context", "miscaptioned", "edited", "generated")
FORMS = ("pre", "post")
PRACTICE_QUIZ_KEY = "check-before-you-share"
PRACTICE_SIZE = 8
KIND = "investigate"


def pictures(case: dict) -> set[str]:
    """The pack items a case shows or leads to."""
    return {key for key in (case["post"]["image"], case.get("original")) if key}


def form_cases(cases, used: dict[str, set[str]]) -> dict[str, list[dict]]:
    """One case per verdict for each form; `used` holds the pack keys each form already shows."""
    chosen: dict[str, list[dict]] = {form: [] for form in FORMS}
    taken: set[str] = set()
    pictures_only = [c for c in cases if not case_file.is_voice(c)]  # see the module docstring
    for verdict in FORM_VERDICTS:
        pool = sorted((c for c in pictures_only if c["verdict"] == verdict), key=lambda c: c["key"])
        picks = {}
        for form in FORMS:
            blocked = (
                taken | used.get(form, set()) | {p for pick in picks.values() if pick for p in pictures(pick)}
            )
            picks[form] = next(
                (c for c in pool if not pictures(c) & blocked and c not in picks.values()), None
            )
        if all(picks.values()):  # both forms or neither: the forms stay the same shape
            for form, case in picks.items():
                chosen[form].append(case)
                taken |= pictures(case)
    return chosen


def question(case: dict) -> dict:
    """A fixed investigate question. Its prompt names the post for teachers' tables and the CSV; the
    learner's page shows the post itself."""
    return {"kind": KIND, "example": None, "example_b": None, "prompt": f"Check the post “{case['post']['caption']}”",
            "choices": [], "explanation": "", "setup": {"case": case["key"]}}  # fmt: skip


def form_block(forms: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The investigate questions for the pre-test and post-test (quizzes.form_blocks)."""
    used = {
        form: {
            e.key
            for q in forms.get(form, [])
            for e in (q.get("example"), q.get("example_b"))
            if e is not None
        }
        for form in FORMS
    }
    chosen = form_cases(case_file.all_cases(), used)
    return {form: [question(case) for case in chosen[form]] for form in FORMS}


def practice_cases(graded_keys: set[str]) -> list[dict]:
    """Cases for practice: none a graded form uses, verdicts interleaved so the quiz mixes them."""
    free = [c for c in case_file.all_cases() if c["key"] not in graded_keys]
    by_verdict: dict[str, list[dict]] = {}
    for case in sorted(free, key=lambda c: c["key"]):
        by_verdict.setdefault(case["verdict"], []).append(case)
    mixed = []
    while any(by_verdict.values()):
        for verdict in sorted(by_verdict):
            if by_verdict[verdict]:
                mixed.append(by_verdict[verdict].pop(0))
    return mixed


def graded_case_keys() -> set[str]:
    """The cases a graded form asks about now (read from the seeded questions)."""
    return {setup.get("case") for setup in graded_setups(KIND)} - {None}


def withheld_pictures() -> set[str]:
    """The pack items a graded case posts (literacy.withheld): out of the library, practice and lessons,
    where their labels would answer the case."""
    keys = set()
    for key in graded_case_keys():
        case = case_file.get_case(key)
        if case is not None:
            keys.add(case["post"]["image"])
    return keys
