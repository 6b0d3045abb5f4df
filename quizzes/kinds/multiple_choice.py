"""Multiple choice: a fixed question's text choices (one or several right)."""

from __future__ import annotations

from django import forms

from quizzes.kinds import Kind, register


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


def shown_choices(item) -> list[tuple[int, dict]]:
    """(index into the question's choices, choice) in the order this attempt shows them."""
    choices = item.question.choices
    order = [i for i in (item.choice_order or []) if 0 <= i < len(choices)]
    if sorted(order) != list(range(len(choices))):
        order = list(range(len(choices)))
    return [(i, choices[i]) for i in order]


def is_multi(question) -> bool:
    return sum(1 for c in question.choices if c.get("correct")) > 1


@register
class MultipleChoice(Kind):
    value = "multiple_choice"
    label = "Multiple choice"
    order = 40
    shows_media = False

    def form(self, item, data=None):
        return MultipleChoiceForm(data, question=item.question)

    def grade(self, item, response):
        correct = {i for i, c in enumerate(item.question.choices) if c.get("correct")}
        return set(response["choices"]) == correct

    def answer_text(self, item):
        if item.question is None:
            return ""
        texts = item.question.choices
        return "; ".join(texts[i]["text"] for i in item.response.get("choices", []) if i < len(texts))

    def some_answer(self, item, n=0):
        return {"choices": [n % len(item.question.choices)]}, None

    def right_answer_text(self, item):
        if item.question is None:
            return ""
        return "; ".join(c["text"] for c in item.question.choices if c.get("correct"))

    def prepare(self, item, rng):
        # Shuffled per attempt: position and length must not give the answer away.
        item.choice_order = rng.sample(range(len(item.question.choices)), len(item.question.choices))

    def question_context(self, item):
        return {"multi": is_multi(item.question), "choices": shown_choices(item)}

    def judged_example(self, item):
        return item.example

    def shown_examples(self, item):
        return [item.example] if item.example is not None else []
