"""Rules from above the quizzes app on whether an attempt may take answers.

Quizzes knows nothing of classes, yet an attempt made for a class assignment
must stop taking answers after the assignment's due date. The app that knows
(classrooms) registers a gate here when Django starts (its AppConfig.ready);
`attempt_answer` asks every gate before it stores anything. A gate takes the
attempt and returns why it may not take answers now, or "" when it may.
Excusals (below) work the same way for one question at a time."""

from __future__ import annotations

from collections.abc import Callable

Gate = Callable[[object], str]

_gates: list[Gate] = []
# Relations of the attempt that gates read, loaded with it where an answer
# reads its item (AttemptItem.objects.for_answer): the gates then ask the
# database nothing more for most attempts.
_loads: list[str] = []


def register(gate: Gate, *, loads: tuple[str, ...] = ()) -> Gate:
    """Ask `gate` before every answer. `loads` names relations of the attempt
    (select_related paths from Attempt) the gate reads; a gate must still work
    on an attempt loaded without them."""
    if gate not in _gates:
        _gates.append(gate)
    _loads.extend(path for path in loads if path not in _loads)
    return gate


def attempt_relations() -> tuple[str, ...]:
    """The attempt's relations the registered gates read (see register)."""
    return tuple(_loads)


def refusal(attempt) -> str:
    """Why this attempt may not take answers now; "" when it may."""
    for gate in _gates:
        reason = gate(attempt)
        if reason:
            return reason
    return ""


# Excusals ---------------------------------------------------------------------
# The same arrangement for one question rather than the whole attempt: a rule
# from above may set an item aside (classrooms: an assignment on which
# listening is optional, for an item that needs hearing). The learner then
# skips it (`attempt_excuse`) and it counts in no score. A rule takes the
# attempt and the item and says whether this item may be skipped.

Excusal = Callable[[object, object], bool]

_excusals: list[Excusal] = []


def register_excusal(rule: Excusal) -> Excusal:
    if rule not in _excusals:
        _excusals.append(rule)
    return rule


def may_excuse(attempt, item) -> bool:
    """May the learner skip this item of this attempt? False unless a rule says so."""
    return any(rule(attempt, item) for rule in _excusals)
