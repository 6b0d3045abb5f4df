from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q

from literacy.models import Label, Technique


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    label = forms.ChoiceField(
        label="Label", required=False, choices=[("", "Real and synthetic"), *Label.choices]
    )
    technique = forms.ChoiceField(
        label="Technique", required=False, choices=[("", "Any technique"), *Technique.choices]
    )
    family = forms.CharField(label="Family", required=False, max_length=60)
    difficulty = forms.TypedChoiceField(
        label="Difficulty",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any difficulty"), *[(n, f"{n} of 5") for n in range(1, 6)]],
    )

    def __init__(self, *args, families=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"] = forms.ChoiceField(
            label="Family",
            required=False,
            choices=[("", "Any family"), *[(f, f.replace("-", " ")) for f in families]],
        )

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("label"):
            queryset = queryset.filter(label=data["label"])
        if data.get("technique"):
            queryset = queryset.filter(technique=data["technique"])
        if data.get("family"):
            queryset = queryset.filter(family=data["family"])
        if data.get("difficulty"):
            queryset = queryset.filter(difficulty=data["difficulty"])
        query = (data.get("q") or "").strip()
        for word in query.split()[:6]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(explanation__icontains=word)
                | Q(generator__icontains=word)
                | Q(source__icontains=word)
                | Q(family__icontains=word)
            )
        return queryset


class CheckAnswerForm(forms.Form):
    choice = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": "Choose an answer first."}
    )

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(i, c["text"]) for i, c in enumerate(check["choices"])]
        self.check = check

    def clean_choice(self):
        chosen = sorted(set(self.cleaned_data["choice"]))
        if self.check["kind"] == "single" and len(chosen) != 1:
            raise forms.ValidationError("Choose one answer.")
        return chosen


class JudgeForm(forms.Form):
    """One verdict in "be the discriminator": which digit, real or generated."""

    item = forms.IntegerField(min_value=0)
    verdict = forms.ChoiceField(choices=[("real", "Real"), ("generated", "Generated")])

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].max_value = count - 1
        self.fields["item"].validators.append(MaxValueValidator(count - 1))
