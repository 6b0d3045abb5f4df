from django import forms
from django.contrib.auth import password_validation
from django.forms.utils import ErrorDict

from accounts.models import User
from classrooms.models import JOIN_CODE_ALPHABET, Classroom
from literacy.models import Lesson
from quizzes.models import Quiz


class ClassroomForm(forms.Form):
    name = forms.CharField(label="Class name", max_length=120)


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Class code", max_length=12, help_text="Six letters and digits from your teacher."
    )
    display_name = forms.CharField(label="Your name", max_length=80, help_text="As your teacher knows you.")
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["display_name"]
            del self.fields["password"]

    WRONG_CODE = "No open class has that code. Check it with your teacher."
    classroom = None
    code_wrong = False

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")
        classroom = Classroom.objects.active().filter(join_code=code, joining_open=True).first()
        if classroom is None or any(c not in JOIN_CODE_ALPHABET for c in code):
            raise forms.ValidationError(self.WRONG_CODE)
        self.classroom = classroom
        return code

    def clean(self):
        data = super().clean()
        if self.classroom is None:
            # One reply for a wrong code whatever else is wrong, so the reply
            # never tells a valid code from an invalid one.
            self.code_wrong = True
            self._errors = ErrorDict()
            raise forms.ValidationError(self.WRONG_CODE)
        if "password" in self.fields and data.get("password"):
            try:
                password_validation.validate_password(
                    data["password"], User(display_name=data.get("display_name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class BulkStudentsForm(forms.Form):
    names = forms.CharField(
        label="Student names, one per line", widget=forms.Textarea(attrs={"rows": 8}), max_length=60000
    )

    def clean_names(self):
        names = [n.strip() for n in self.cleaned_data["names"].splitlines() if n.strip()]
        if not names:
            raise forms.ValidationError("Enter at least one name.")
        if len(names) > 600:
            raise forms.ValidationError("At most 600 names in one list.")
        too_long = [n for n in names if len(n) > 80]
        if too_long:
            raise forms.ValidationError(f"Names must be at most 80 characters: {too_long[0][:30]}...")
        return names


class AssignmentForm(forms.Form):
    quiz = forms.ModelChoiceField(queryset=Quiz.objects.published(), required=False, empty_label="(no quiz)")
    lesson = forms.ModelChoiceField(
        queryset=Lesson.objects.in_course(), required=False, empty_label="(no lesson)"
    )
    opens_at = forms.DateTimeField(
        label="Opens", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    due_at = forms.DateTimeField(
        label="Due", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    attempts_allowed = forms.IntegerField(
        label="Attempts allowed (0 = unlimited)", min_value=0, max_value=20, initial=1
    )
    late_accepted = forms.BooleanField(
        label="Accept late work",
        required=False,
        help_text="Off: after the due date students can no longer start or answer. On: they can, marked late.",
    )
    counterbalanced = forms.BooleanField(
        label="Counterbalance (pre-test and post-test only)",
        required=False,
        help_text="Half the class takes form B first and form A after; each student always gets the form they have not taken.",
    )
    listening_optional = forms.BooleanField(
        label="Learners who cannot hear may skip recordings",
        required=False,
        help_text="Each voice question offers a skip button; a skipped question is left out of every score.",
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("quiz")) == bool(data.get("lesson")):
            raise forms.ValidationError("Choose either a quiz or a lesson.")
        quiz = data.get("quiz")
        if data.get("counterbalanced") and (
            quiz is None or quiz.kind not in (Quiz.Kind.PRETEST, Quiz.Kind.POSTTEST)
        ):
            self.add_error("counterbalanced", "Only a pre-test or a post-test can be counterbalanced.")
        if data.get("opens_at") and data.get("due_at") and data["due_at"] <= data["opens_at"]:
            self.add_error("due_at", "The due date must be after the opening time.")
        return data


class ExtensionForm(forms.Form):
    student = forms.IntegerField(widget=forms.HiddenInput)
    due_at = forms.DateTimeField(
        label="New due date", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class AssignmentSettingsForm(forms.Form):
    """What a teacher may change once an assignment is set (unticked boxes are simply absent)."""

    late_accepted = forms.BooleanField(required=False, label="Accept late work (marked late)")
    listening_optional = forms.BooleanField(
        required=False, label="Listening optional: learners who cannot hear may skip recordings (not scored)"
    )


class CoTeacherForm(forms.Form):
    co_teacher = forms.CharField(label="Co-teacher's username or email", max_length=254)
