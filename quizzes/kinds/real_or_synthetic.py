"""Real or synthetic: one image, the learner's call and how sure they are.

Confidence is stored as one number, "how likely synthetic" (0-100): a learner
80 % sure it is real gave 20. See docs/quizzes.md."""

from __future__ import annotations

from django import forms

from quizzes.kinds import Draw, Kind, register

SURENESS = [
    (50, "50 % (a guess)"),
    (60, "60 %"),
    (70, "70 %"),
    (80, "80 %"),
    (90, "90 %"),
    (100, "100 % (certain)"),
]


class RealOrSyntheticForm(forms.Form):
    choice = forms.ChoiceField(
        choices=[("real", "Real"), ("synthetic", "Synthetic")],
        error_messages={"required": "Choose real or synthetic."},
    )
    sure = forms.TypedChoiceField(
        choices=SURENESS, coerce=int, error_messages={"required": "Say how sure you are (50 % is a guess)."}
    )

    def normalised(self):
        choice, sure = self.cleaned_data["choice"], self.cleaned_data["sure"]
        return {"choice": choice}, sure if choice == "synthetic" else 100 - sure


@register
class RealOrSynthetic(Kind):
    value = "real_or_synthetic"
    label = "Real or synthetic"
    order = 10
    prompt = "Is this image real or synthetic?"
    judged = True

    def form(self, item, data=None):
        return RealOrSyntheticForm(data)

    def grade(self, item, response):
        return response["choice"] == item.example.label

    def answer_text(self, item):
        return item.response.get("choice", "")

    def some_answer(self, item, n=0):
        says_synthetic = n % 3 != 0
        return {"choice": "synthetic" if says_synthetic else "real"}, 70 if says_synthetic else 30

    def right_answer_text(self, item):
        return item.example.label

    def fake_judged(self, item):
        return item.example if item.example.label == "synthetic" else None

    def said_synthetic(self, item):
        response = item.response or {}
        return response["choice"] == "synthetic" if "choice" in response else None

    def draw(self, free, rng, *, pool=()):
        # Only from a family that has both labels in the pool: a family of
        # generated faces with no real face beside them would teach "faces
        # are always fake" and score it as skill.
        labels: dict[str, set] = {}
        for e in pool or free:
            labels.setdefault(e.family, set()).add(e.label)
        example = next((e for e in free if len(labels.get(e.family, ())) == 2), None)
        return Draw(example=example) if example else None
