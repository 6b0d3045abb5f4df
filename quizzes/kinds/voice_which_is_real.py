"""Which recording is the real person: a real recording and a synthetic
reading of the same sentence, one after the other; which comes first is
drawn per attempt (`swapped`), as the sides of an image pair are."""

from __future__ import annotations

from django import forms

from quizzes.kinds import Draw, Kind, register
from quizzes.kinds.which_is_real import correct_side, sides


class WhichVoiceForm(forms.Form):
    side = forms.ChoiceField(
        choices=[("left", "The first recording"), ("right", "The second recording")],
        error_messages={"required": "Pick the recording of the real person."},
    )

    def normalised(self):
        return {"side": self.cleaned_data["side"]}, None


@register
class VoiceWhichIsReal(Kind):
    value = "voice_which_is_real"
    label = "Which recording is the real person"
    order = 50
    prompt = "Both say the same sentence: which is the real person?"
    judged = True
    media_kinds = ("audio",)
    needs_hearing = True

    def form(self, item, data=None):
        return WhichVoiceForm(data)

    def grade(self, item, response):
        return response["side"] == correct_side(item)

    def answer_text(self, item):
        if "side" not in item.response:
            return ""
        return (
            "chose the real person"
            if item.response["side"] == correct_side(item)
            else "chose the synthetic voice"
        )

    def right_answer_text(self, item):
        return "the real person"

    def some_answer(self, item, n=0):
        return {"side": "left" if n % 2 == 0 else "right"}, None

    def shown_examples(self, item):
        return [e for e in sides(item) if e is not None]

    def fake_judged(self, item):
        return item.example if item.example.label == "synthetic" else item.example_b

    def judged_example(self, item):
        return self.fake_judged(item) if item.example is not None else None

    def reveal_example(self, item):
        return self.fake_judged(item)

    def reveal_context(self, item):
        return {"real_side": "first" if correct_side(item) == "left" else "second"}

    def call_label(self, item):
        return None  # no call on one recording: not part of signal detection

    def draw(self, free, rng, *, pool=()):
        for person in (e for e in free if e.technique == "recording"):
            twin = next(
                (e for e in free if e.technique == "tts" and e.source_group == person.source_group), None
            )
            if twin is not None:
                return Draw(example=person, example_b=twin, swapped=rng.random() < 0.5)
        return None

    def prepare(self, item, rng):
        item.swapped = rng.random() < 0.5
