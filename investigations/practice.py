"""A learner's progress on a practice case, kept in their session: the tools they opened, in order.

Shared by the case pages (investigations/views.py) and lesson 9's live case (investigations/lesson.py),
so a tool opened in the lesson counts when the verdict is given on the case page. Practice is not graded
work: nothing here touches the database beyond the session."""

from investigations import cases as case_file

SESSION_KEY = "investigations"


def progress(request, key: str) -> dict:
    return request.session.get(SESSION_KEY, {}).get(key, {"opened": []})


def open_tool(request, key: str, tool: str) -> dict:
    """Record that the learner opened `tool` on case `key` (once) and return the progress."""
    current = progress(request, key)
    if tool in current["opened"]:
        return current
    current = {"opened": [*current["opened"], tool]}
    state = request.session.get(SESSION_KEY, {})
    state[key] = current
    request.session[SESSION_KEY] = state
    return current


def context(case: dict, current: dict, *, checked=(), **extra) -> dict:
    """What the case templates need: the post, the tools, the verdicts and actions, the tools opened so far
    (`checked`: those the learner has ticked as evidence, kept when htmx redraws the list)."""
    return {
        "case": case,
        "post": case["post"],
        "voice": case_file.is_voice(case),
        "medium": case_file.medium(case),
        "tools": case_file.TOOL_LABELS,
        "verdicts": case_file.VERDICT_LABELS,
        "actions": case_file.ACTION_LABELS,
        "opened": [(tool, case_file.TOOL_LABELS[tool]) for tool in current["opened"]],
        "checked": [tool for tool in checked if tool in current["opened"]],
        **extra,
    }
