"""Where was this recording edited: a real recording with a word cut out or
spliced in; the learner names the moment (seconds from the start), graded
against the edited time ranges the pack records as the example's tells."""

from __future__ import annotations

from django import forms

from quizzes.kinds import Draw, Kind, register

EDIT_TECHNIQUES = ("cut", "splice")


def spans(example) -> list[tuple[float, float]]:
    return [(float(t["start"]), float(t["end"])) for t in example.tells or [] if t.get("shape") == "span"]


def duration(example) -> float:
    return float((example.original_metadata or {}).get("duration_s") or 0)


class WhereEditedForm(forms.Form):
    at = forms.FloatField(
        min_value=0,
        error_messages={
            "required": "Say where you think the recording was edited, in seconds from the start.",
            "invalid": "Give the time as a number of seconds, such as 1.5.",
            "min_value": "The time cannot be before the start of the recording.",
        },
    )

    def __init__(self, data=None, *, longest: float = 0.0, **kwargs):
        super().__init__(data, **kwargs)
        self.longest = longest

    def clean_at(self):
        at = self.cleaned_data["at"]
        if self.longest and at > self.longest + 0.05:
            raise forms.ValidationError(f"The recording is only {self.longest:.1f} seconds long.")
        return at

    def normalised(self):
        return {"at": round(self.cleaned_data["at"], 2)}, None


@register
class VoiceWhereEdited(Kind):
    value = "voice_where_edited"
    label = "Where was this recording edited"
    order = 60
    prompt = "A word was cut out of this recording or spliced into it: when?"
    media_kinds = ("audio",)
    needs_hearing = True

    def form(self, item, data=None):
        return WhereEditedForm(data, longest=duration(item.example))

    def grade(self, item, response):
        return any(start <= response["at"] <= end for start, end in spans(item.example))

    def answer_text(self, item):
        at = item.response.get("at")
        where = "inside the edit" if item.is_correct else "outside the edit"
        return f"{at:.2f} s, {where}" if at is not None else ""

    def right_answer_text(self, item):
        return ", ".join(f"{start:.2f} s to {end:.2f} s" for start, end in spans(item.example))

    def some_answer(self, item, n=0):
        return {"at": round(duration(item.example) * (0.25 + 0.5 * (n % 2)), 2)}, None

    def record(self, item):
        return {**super().record(item), "spot_inside": item.is_correct}

    def question_context(self, item):
        return {"duration": duration(item.example)}

    def draw(self, free, rng, *, pool=()):
        example = next((e for e in free if e.technique in EDIT_TECHNIQUES and spans(e)), None)
        return Draw(example=example) if example else None
