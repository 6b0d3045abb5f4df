"""Lesson 9's lateral-reading widget drawn as a live case (registered with literacy.widgets from
InvestigationsConfig.ready): a recaptioned photograph's post, the toolbox and the verdict form inside the lesson.

Without JavaScript a tool is a link back to the lesson (`?check_tool=...`) that shows its result there; with
htmx it asks the case page for the result alone. Tools opened either way count on the case page, where the
verdict is graded. A case on a graded form is never used: practice must not show a graded post."""

from investigations import cases as case_file
from investigations import practice
from investigations.graded import graded_case_keys

# Recaptioned photographs, the widget's subject (an old photograph passed off as today's news first).
LESSON_CASES = ("launch-failure", "backyard-telescope", "moon-apple", "crime-scene")
TOOL_PARAM = "check_tool"
TEMPLATE = "investigations/lesson_case.html"
# The widget's title is an h3 inside the lesson's h2 section; its Tools and Your verdict are h4.
HEADING_LEVEL = 4


def lesson_case() -> dict | None:
    graded = graded_case_keys()
    for key in LESSON_CASES:
        case = case_file.get_case(key)
        if case is not None and key not in graded:
            return case
    return None


def lateral_reading(request) -> tuple[str, dict] | None:
    """The widget's template and context, or None (literacy then shows its worked example) when no practice
    case of this kind is in the case file."""
    case = lesson_case()
    if case is None:
        return None
    tool = request.GET.get(TOOL_PARAM, "")
    extra: dict = {"tool_param": TOOL_PARAM, "level": HEADING_LEVEL}
    current = practice.progress(request, case["key"])
    if tool in case_file.TOOL_LABELS:
        current, shown = practice.use_tool(request, case, tool)
        extra |= shown
    elif tool:
        extra["tool_error"] = "There is no such tool. Choose one from the list."
    return TEMPLATE, practice.context(case, current, **extra)
