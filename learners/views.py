"""The learner's pages across the apps: sign-up, joining a class, the
dashboard, progress and the data download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import SignupForm
from classrooms import selectors as class_selectors
from classrooms import services as classroom_services
from classrooms.forms import JoinForm
from learners import limits, selectors, services
from learners.progress import progress_for
from shared.http import json_download
from shared.net import client_ip


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("learners:dashboard")
    role = request.GET.get("role")
    initial = {"role": role} if role in {"learner", "teacher"} else {}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.learner_sign_up(request=request, **form.cleaned_data)
        return redirect("learners:dashboard")
    return render(request, "learners/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join(request):
    signed_in = request.user.is_authenticated
    if signed_in and request.user.is_teacher:
        messages.info(request, "Teachers add classes from their class list; this page is for students.")
    if request.method == "POST" and signed_in and (request.user.is_teacher or request.user.is_staff):
        # Before the code is looked at: a teacher learns nothing about codes here.
        context = {"form": JoinForm(signed_in=signed_in), "refusal": classroom_services.TEACHERS_DO_NOT_ENROL}
        return render(request, "learners/join.html", context, status=403)
    if request.method == "POST":
        refusal = _join_refusal(request)
        if refusal:
            # An unbound form: a refused request learns nothing about its code.
            context = {"form": JoinForm(signed_in=signed_in), "refusal": refusal}
            return render(request, "learners/join.html", context, status=429)
    form = JoinForm(request.POST or None, signed_in=signed_in, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        if not signed_in and not limits.NEW_ACCOUNTS_PER_ADDRESS.take(client_ip(request)):
            refusal = (
                "So many accounts were made from this network in the last hour that joining is paused. "
                "Ask your teacher for login cards, or try again later."
            )
            context = {"form": JoinForm(signed_in=signed_in), "refusal": refusal}
            return render(request, "learners/join.html", context, status=429)
        classroom = form.classroom
        user, created = services.learner_join_class(
            request=request,
            classroom=classroom,
            display_name=form.cleaned_data.get("display_name", ""),
            password=form.cleaned_data.get("password", ""),
        )
        if created:
            messages.success(
                request,
                f"Welcome! Your username is {user.username}: write it down, you'll need it to log in.",
            )
        messages.success(request, f"You joined {classroom.name}.")
        return redirect("learners:dashboard")
    if request.method == "POST" and form.code_wrong:
        limits.WRONG_CODES_PER_ADDRESS.hit(client_ip(request))
        if signed_in:
            limits.WRONG_CODES_PER_ACCOUNT.hit(str(request.user.pk))
    status = 400 if request.method == "POST" else 200
    return render(request, "learners/join.html", {"form": form}, status=status)


def _join_refusal(request) -> str:
    """Why this join is refused before the code is even looked at, or ""."""
    wrong = limits.WRONG_CODES_PER_ADDRESS.reached(client_ip(request))
    if request.user.is_authenticated:
        wrong = wrong or limits.WRONG_CODES_PER_ACCOUNT.reached(str(request.user.pk))
    if wrong:
        return "Too many wrong class codes. Wait an hour, or check the code with your teacher."
    return ""


@login_required
@require_GET
def dashboard(request):
    teacher = request.user.is_teacher
    context = {
        "assignments": selectors.student_assignments(request.user) if not teacher else [],
        "invitations": list(class_selectors.invitations_for(request.user)) if teacher else [],
    }
    return render(request, "learners/dashboard.html", context)


@require_GET
def progress(request):
    """A learner's progress: lessons, quizzes, accuracy over time, calibration,
    the techniques that fool them most, and what to do next."""
    return render(request, "learners/progress.html", progress_for(request))


@login_required
@require_GET
def download_data(request):
    """Everything the site keeps about this person, as JSON."""
    return json_download("deepfake-literacy-lab-my-data.json", selectors.user_data_export(user=request.user))
