from django import forms

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
                models_q(title__icontains=word)
                | models_q(explanation__icontains=word)
                | models_q(generator__icontains=word)
                | models_q(source__icontains=word)
                | models_q(family__icontains=word)
            )
        return queryset


def models_q(**kwargs):
    from django.db.models import Q

    return Q(**kwargs)
