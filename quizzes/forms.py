"""Answer forms: each turns what the browser sent into a normalised response.

Confidence is one number stored per real-or-synthetic answer: "how likely
synthetic", 0-100. Learners give it as "how sure are you" (50-100) next to
their real/synthetic choice, which maps onto the same scale (sure 80 % it is
real = 20 % likely synthetic). See docs/quizzes.md.
"""

from django import forms

from quizzes.models import QuestionKind

SURENESS = [
    (50, "50 % (a guess)"),
    (60, "60 %"),
    (70, "70 %"),
    (80, "80 %"),
    (90, "90 %"),
    (100, "100 % (certain)"),
]
# Without JavaScript the spot image is a 320 px wide <input type="image">.
SPOT_NOJS_WIDTH = 320


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


class WhichIsRealForm(forms.Form):
    side = forms.ChoiceField(
        choices=[("left", "Left"), ("right", "Right")], error_messages={"required": "Pick the real image."}
    )

    def normalised(self):
        return {"side": self.cleaned_data["side"]}, None


class SpotForm(forms.Form):
    x = forms.FloatField(required=False, min_value=0, max_value=1)
    y = forms.FloatField(required=False, min_value=0, max_value=1)

    def __init__(self, data=None, *, aspect: float = 1.0, **kwargs):
        data = data.copy() if data is not None else None
        # No-JS: the browser sends click coordinates of <input type="image" name="spot">.
        if data is not None and not data.get("x") and data.get("spot.x") is not None:
            try:
                px, py = float(data["spot.x"]), float(data["spot.y"])
                data["x"] = str(min(1.0, max(0.0, px / SPOT_NOJS_WIDTH)))
                data["y"] = str(min(1.0, max(0.0, py / (SPOT_NOJS_WIDTH * aspect))))
            except (TypeError, ValueError):
                pass
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("x") is None or data.get("y") is None:
            raise forms.ValidationError("Click (or move the marker to) the place you think was changed.")
        return data

    def normalised(self):
        return {"x": round(self.cleaned_data["x"], 4), "y": round(self.cleaned_data["y"], 4)}, None


class MultipleChoiceForm(forms.Form):
    choices = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": "Choose an answer."}
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(i, c["text"]) for i, c in enumerate(question.choices)]
        self.single = sum(1 for c in question.choices if c.get("correct")) == 1

    def clean_choices(self):
        chosen = sorted(set(self.cleaned_data["choices"]))
        if self.single and len(chosen) != 1:
            raise forms.ValidationError("Choose one answer.")
        return chosen

    def normalised(self):
        return {"choices": self.cleaned_data["choices"]}, None


def answer_form(item, data=None):
    if item.kind == QuestionKind.REAL_OR_SYNTHETIC:
        return RealOrSyntheticForm(data)
    if item.kind == QuestionKind.WHICH_IS_REAL:
        return WhichIsRealForm(data)
    if item.kind == QuestionKind.SPOT:
        aspect = item.example.height / item.example.width if item.example.width else 1.0
        return SpotForm(data, aspect=aspect)
    return MultipleChoiceForm(data, question=item.question)
