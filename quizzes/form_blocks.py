"""Blocks of questions that apps above quizzes add to the graded forms.

The pre-test and post-test are built by seed_quizzes from what quizzes knows
(examples and the checking bank). An app above it with questions of its own
kind (investigations: one case of each verdict per form) registers a block
here when Django starts; seed_quizzes appends each block's questions to the
forms it built. A block takes the forms so far ({"pre": [question dict, ...],
"post": [...]}) and returns the questions to add to each, matched in shape."""

from __future__ import annotations

from collections.abc import Callable

Block = Callable[[dict[str, list[dict]]], dict[str, list[dict]]]

_blocks: list[Block] = []


def register(block: Block) -> Block:
    if block not in _blocks:
        _blocks.append(block)
    return block


def extend(forms: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The forms with every registered block's questions appended."""
    forms = {name: list(questions) for name, questions in forms.items()}
    for block in _blocks:
        for name, questions in block(forms).items():
            forms[name] += questions
    return forms
