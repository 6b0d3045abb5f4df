"""Which is real: a real image and a synthetic one of the same family, side
by side; the sides are drawn per attempt (`swapped`)."""

from __future__ import annotations

from django import forms

from quizzes.kinds import Draw, Kind, register


class WhichIsRealForm(forms.Form):
    side = forms.ChoiceField(
        choices=[("left", "Left"), ("right", "Right")], error_messages={"required": "Pick the real image."}
    )

    def normalised(self):
        return {"side": self.cleaned_data["side"]}, None


def sides(item) -> tuple:
    """(left, right) as shown: example_b is on the left when swapped."""
    if getattr(item, "swapped", False):
        return item.example_b, item.example
    return item.example, item.example_b


def correct_side(item) -> str:
    left, _right = sides(item)
    return "left" if left.label == "real" else "right"


# Techniques that edit a real photo rather than generate an image.
EDITS = {"splice", "object_removal", "clone", "retouch"}


def fake_word(example) -> str:
    """'generated' or 'edited': how the synthetic member of a pair was made."""
    return "edited" if example is not None and example.technique in EDITS else "generated"


@register
class WhichIsReal(Kind):
    value = "which_is_real"
    label = "Which is real"
    order = 20
    prompt = "Which of these two is the real one?"
    judged = True

    def form(self, item, data=None):
        return WhichIsRealForm(data)

    def grade(self, item, response):
        return response["side"] == correct_side(item)

    def answer_text(self, item):
        # Sides are drawn per attempt, so "left" tallies mean nothing across a
        # class: say which image the learner took for real.
        if "side" not in item.response:
            return ""
        if item.response["side"] == correct_side(item):
            return "chose the real one"
        return f"chose the {fake_word(self.fake_judged(item))} one"

    def some_answer(self, item, n=0):
        return {"side": "left" if n % 2 == 0 else "right"}, None

    def right_answer_text(self, item):
        return "the real one"

    def shown_examples(self, item):
        return [e for e in sides(item) if e is not None]

    def fake_judged(self, item):
        return item.example if item.example.label == "synthetic" else item.example_b

    def judged_example(self, item):
        # The synthetic member of the pair names the technique judged.
        if item.example is None:
            return None
        return self.fake_judged(item)

    def reveal_example(self, item):
        return self.fake_judged(item)

    def reveal_context(self, item):
        return {"real_side": correct_side(item)}

    def call_label(self, item):
        return None  # no call on one image: not part of signal detection

    def draw(self, free, rng, *, pool=()):
        for fake in (e for e in free if e.label == "synthetic"):
            real = next((e for e in free if e.label == "real" and e.family == fake.family), None)
            if real:
                return Draw(example=real, example_b=fake, swapped=rng.random() < 0.5)
        return None

    def prepare(self, item, rng):
        item.swapped = rng.random() < 0.5
