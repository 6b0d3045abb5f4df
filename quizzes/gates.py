"""Rules from above the quizzes app on whether an attempt may take answers.

Quizzes knows nothing of classes, yet an attempt made for a class assignment
must stop taking answers after the assignment's due date. The app that knows
(classrooms) registers a gate here when Django starts (its AppConfig.ready);
`attempt_answer` asks every gate before it stores anything. A gate takes the
attempt and returns why it may not take answers now, or "" when it may."""

from __future__ import annotations

from collections.abc import Callable

Gate = Callable[[object], str]

_gates: list[Gate] = []


def register(gate: Gate) -> Gate:
    if gate not in _gates:
        _gates.append(gate)
    return gate


def refusal(attempt) -> str:
    """Why this attempt may not take answers now; "" when it may."""
    for gate in _gates:
        reason = gate(attempt)
        if reason:
            return reason
    return ""
