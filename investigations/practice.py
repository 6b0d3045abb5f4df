"""A learner's progress on a practice case, kept in their session: the tools they opened, in order.

Shared by the case pages (investigations/views.py) and lesson 9's live case (investigations/lesson.py),
so a tool opened in the lesson counts when the verdict is given on the case page. Practice is not graded
work: nothing here touches the database beyond the session."""

from investigations import cases as case_file

SESSION_KEY = "investigations"


def progress(request, key: str) -> dict:
    return request.session.get(SESSION_KEY, {}).get(key, {"opened": []})


def use_tool(request, case: dict, tool: str) -> tuple[dict, dict]:
    """Run a known `tool` on `case` and record that the learner opened it (once). Returns the progress
    and the result's part of the template context."""
    key = case["key"]
    current = progress(request, key)
    if tool not in current["opened"]:
        current = {"opened": [*current["opened"], tool]}
        state = request.session.get(SESSION_KEY, {})
        state[key] = current
        request.session[SESSION_KEY] = state
    shown = {
        "tool": tool,
        "tool_label": case_file.TOOL_LABELS[tool],
        "result": case_file.run_tool(case, tool),
    }
    return current, shown


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
