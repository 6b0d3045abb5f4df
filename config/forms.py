"""Forms of the site-wide pages."""

from django import forms


class ShowcaseAnswerForm(forms.Form):
    """The home page's pair, named by the tokens of its two images, and the
    side chosen as the real photo."""

    left = forms.CharField(max_length=32)
    right = forms.CharField(max_length=32)
    side = forms.ChoiceField(choices=[("left", "Left"), ("right", "Right")])
