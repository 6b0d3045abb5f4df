from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import services
from accounts.forms import LoginForm, SignupForm


def login_view(request):
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )(request)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    role = request.GET.get("role")
    initial = {"role": role} if role in {"learner", "teacher"} else {}
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = services.user_sign_up(**form.cleaned_data)
        services.session_claim(request=request, user=user)
        return redirect("accounts:dashboard")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_GET
def dashboard(request):
    from classrooms.views import student_assignments

    assignments = student_assignments(request.user) if not request.user.is_teacher else []
    return render(request, "accounts/dashboard.html", {"assignments": assignments})


@require_GET
def progress(request):
    """A learner's progress: lessons, quizzes, accuracy over time, calibration,
    the techniques that fool them most, and what to do next."""
    from accounts.progress import progress_for

    return render(request, "accounts/progress.html", progress_for(request))
