"""Spot the manipulation: one edited image; the learner marks the changed
place, graded against the example's tells (the changed regions)."""

from __future__ import annotations

from django import forms

from quizzes.kinds import Draw, Kind, register
from quizzes.scoring import point_in_any

# Techniques whose tells mark changed pixels: ground truth for spot questions.
SPOTTABLE = ("face_swap", "splice", "object_removal", "clone", "retouch")
# Without JavaScript the spot image is a 320 px wide <input type="image">.
SPOT_NOJS_WIDTH = 320


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


@register
class Spot(Kind):
    value = "spot"
    label = "Spot the manipulation"
    order = 30
    prompt = "Part of this photo was changed: where?"

    def form(self, item, data=None):
        example = item.example
        aspect = example.height / example.width if example.width else 1.0
        return SpotForm(data, aspect=aspect)

    def grade(self, item, response):
        return point_in_any(response["x"], response["y"], item.example.tells)

    def answer_text(self, item):
        return "inside a changed area" if item.is_correct else "outside the changed areas"

    def some_answer(self, item, n=0):
        return {"x": 0.5, "y": 0.5}, None

    def right_answer_text(self, item):
        return "inside a tell region"

    def record(self, item):
        return {**super().record(item), "spot_inside": item.is_correct}

    def draw(self, free, rng, *, pool=()):
        example = next((e for e in free if e.technique in SPOTTABLE and e.tells), None)
        return Draw(example=example) if example else None
