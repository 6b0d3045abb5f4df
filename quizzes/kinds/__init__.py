"""Question kinds: one class per kind, behind one registry.

A kind owns everything that differs between kinds of question: the form that
parses an answer, the grading rule, the answer as stored, the answer and the
right answer in a teacher's words (dashboards, CSV), the plain record that
scoring.summarise() reads, how a pool draws an item of this kind, and the
template with its partials. Nothing outside this package branches on a kind:
the engine, reports, exports and templates ask the registry.

Adding a kind: a module here with a `Kind` subclass decorated with
`@register`, a template `templates/quizzes/kinds/<value>.html` with the
partials `question`, `reveal` and `review`, its import at the bottom of this
file, and tests. See docs/architecture.md, "Adding a question kind".

The methods take any object with an AttemptItem's fields (kind, response,
confidence, is_correct, is_answered, example, example_b, question, and for
pairs `swapped`), so reports can pass lean rows instead of model instances.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar

_REGISTRY: dict[str, Kind] = {}


class BadStep(ValueError):
    """A step of working that cannot be taken (an unknown tool, say); the
    message is shown to the learner."""


@dataclass
class Draw:
    """What a pool draw puts into a new AttemptItem."""

    example: Any
    example_b: Any = None
    swapped: bool = False

    @property
    def examples(self):
        return [e for e in (self.example, self.example_b) if e is not None]


class Kind:
    value: ClassVar[str]
    label: ClassVar[str]
    # Where the kind sits in choice lists (admin, forms).
    order: ClassVar[int] = 100
    # Counts as a judgement of real against synthetic in the summary's
    # "judged" share and breakdowns (see scoring.summarise).
    judged: ClassVar[bool] = False
    # Shows media (an example) rather than text only.
    shows_media: ClassVar[bool] = True
    # The examples' media kinds (Example.MediaKind values) a pool may draw for it.
    media_kinds: ClassVar[tuple[str, ...]] = ("image",)
    # Cannot be answered without hearing a recording: where an assignment makes
    # listening optional, the learner may skip it (quizzes.gates.may_excuse).
    needs_hearing: ClassVar[bool] = False
    # The question as the learner reads it, for a question with no text of its
    # own (pool items); reports and the CSV quote it.
    prompt: ClassVar[str] = ""

    # Templates --------------------------------------------------------------
    @property
    def template(self) -> str:
        return f"quizzes/kinds/{self.value}.html"

    @property
    def question_template(self) -> str:
        return self.template + "#question"

    @property
    def reveal_template(self) -> str:
        return self.template + "#reveal"

    @property
    def review_template(self) -> str:
        return self.template + "#review"

    # Answers ------------------------------------------------------------------
    def form(self, item, data=None):
        """A bound (or unbound) form whose normalised() gives (response, confidence)."""
        raise NotImplementedError

    def grade(self, item, response: dict) -> bool:
        raise NotImplementedError

    def answer_text(self, item) -> str:
        """The learner's answer in a teacher's words."""
        raise NotImplementedError

    def right_answer_text(self, item) -> str:
        """The right answer in a teacher's words."""
        raise NotImplementedError

    def step(self, item, data) -> dict | None:
        """A POST that is a step of working rather than the answer (opening a
        tool before deciding): the record to keep in item.work, or None when
        the POST is an answer. Raise BadStep for a step that cannot be taken.
        Most kinds have no working."""
        return None

    def some_answer(self, item, n: int = 0) -> tuple[dict, int | None]:
        """A valid normalised answer and confidence (right or wrong does not
        matter; `n` varies it), for seeded data, benchmarks and tests."""
        raise NotImplementedError

    # Examples -----------------------------------------------------------------
    def shown_examples(self, item) -> list:
        """The examples the learner saw, in display order."""
        return [item.example] if item.example is not None else []

    def judged_example(self, item):
        """The example whose technique and family this answer is filed under."""
        return item.example

    def fake_judged(self, item):
        """The synthetic example the learner judged, for "the fakes that fooled
        the class" (None when this kind judges no synthetic image)."""
        return None

    def media(self, item) -> list:
        """The examples to show as images, left to right."""
        return self.shown_examples(item)

    def reveal_example(self, item):
        """The example whose tells and explanation the reveal shows."""
        return item.example

    def question_context(self, item) -> dict:
        """Extra context for this kind's question partial."""
        return {}

    def reveal_context(self, item) -> dict:
        """Extra context for this kind's reveal partial."""
        return {}

    # Pools --------------------------------------------------------------------
    def draw(self, free: list, rng: random.Random, *, pool=()) -> Draw | None:
        """Draw one item of this kind from the unused examples (already
        shuffled; `pool` is every candidate, used or not), or None when this
        kind cannot be drawn from a pool."""
        return None

    def prepare(self, item, rng: random.Random) -> None:
        """Per-attempt set-up of a fixed question's item (e.g. sides)."""

    # Scoring ------------------------------------------------------------------
    def said_synthetic(self, item) -> bool | None:
        """The learner's call on one image as synthetic (signal detection)."""
        return None

    def record(self, item) -> dict:
        """A plain answer record for scoring.summarise()."""
        example = self.judged_example(item)
        call = self.said_synthetic(item) if item.is_answered else None
        return {
            "kind": self.value,
            "judged": self.judged,
            "answered": item.is_answered,
            "correct": item.is_correct,
            "label": self.call_label(item),
            "said_synthetic": call,
            "p_synthetic": item.confidence / 100 if item.confidence is not None else None,
            "technique": example.technique if example is not None else None,
            "family": example.family if example is not None else None,
            "spot_inside": None,
            # Skipped by leave of a rule from above (listening optional): summarise leaves it out.
            "excused": bool(getattr(item, "excused", False)),
        }

    def call_label(self, item) -> str | None:
        return item.example.label if item.example is not None else None


def register(cls: type[Kind]) -> type[Kind]:
    instance = cls()
    if instance.value in _REGISTRY:
        raise ValueError(f"Question kind {instance.value!r} is registered twice")
    _REGISTRY[instance.value] = instance
    return cls


def get(value: str) -> Kind:
    try:
        return _REGISTRY[value]
    except KeyError:
        raise LookupError(f"Unknown question kind {value!r}") from None


def all_kinds() -> list[Kind]:
    return sorted(_REGISTRY.values(), key=lambda k: (k.order, k.value))


def choices() -> list[tuple[str, str]]:
    """For model and form fields: (value, label) of every registered kind."""
    return [(k.value, k.label) for k in all_kinds()]


# What a teacher reads for a question the learner skipped (reports, the CSV).
EXCUSED_TEXT = "skipped: listening optional"


def timed_out(response: dict | None) -> bool:
    return bool(response and response.get("timed_out"))


# What every kind shares, asked through the registry ---------------------------


def grade(item, response: dict) -> bool:
    """Is this normalised response right? A timed-out answer never is."""
    if timed_out(response):
        return False
    return get(item.kind).grade(item, response)


def answer_text(item) -> str:
    """The learner's answer in a teacher's words ("" when unanswered)."""
    if timed_out(item.response):
        return "ran out of time"
    if getattr(item, "excused", False):
        return EXCUSED_TEXT
    if not item.is_answered:
        return ""
    return get(item.kind).answer_text(item)


def question_text(item) -> str:
    """The question in the words the learner saw: a fixed question's own
    prompt, or the kind's standard one."""
    question = getattr(item, "question", None)
    if question is not None and question.prompt:
        return question.prompt
    return get(item.kind).prompt


def right_answer_text(item) -> str:
    return get(item.kind).right_answer_text(item)


def record(item) -> dict:
    return get(item.kind).record(item)


def some_answer(item, n: int = 0) -> tuple[dict, int | None]:
    return get(item.kind).some_answer(item, n)


# The kinds, in the order they are offered.
from quizzes.kinds import (  # noqa: E402
    multiple_choice,
    real_or_synthetic,
    spot,
    voice_real_or_synth,
    voice_where_edited,
    voice_which_is_real,
    which_is_real,
)

__all__ = ["BadStep", "Draw", "Kind", "all_kinds", "answer_text", "choices", "get", "grade", "multiple_choice",
           "question_text", "real_or_synthetic", "record", "register", "right_answer_text", "some_answer", "spot",
           "voice_real_or_synth", "voice_where_edited", "voice_which_is_real", "which_is_real"]  # fmt: skip
