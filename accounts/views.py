from datetime import timedelta

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import services
from accounts.forms import LoginForm, SignupForm

# Five failures in fifteen minutes, per account or per address, then a pause.
LOGIN_LIMIT = 5
LOGIN_WINDOW = timedelta(minutes=15)


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def login_view(request):
    from accounts.models import LoginFailure

    if request.method == "POST":
        username = (request.POST.get("username") or "").strip().lower()[:254]
        ip = _client_ip(request)
        since = timezone.now() - LOGIN_WINDOW
        recent = LoginFailure.objects.filter(at__gte=since)
        if recent.filter(username=username).count() >= LOGIN_LIMIT or (
            ip and recent.filter(ip=ip).count() >= LOGIN_LIMIT * 4
        ):
            form = LoginForm(request, data=None)
            return render(
                request,
                "accounts/login.html",
                {"form": form, "locked": True, "next": request.POST.get("next", "")},
                status=429,
            )
    response = auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )(request)
    if request.method == "POST" and response.status_code == 200:
        LoginFailure.objects.create(username=username, ip=ip)
    return response


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

    if request.user.must_change_password:
        return redirect("accounts:password_change")
    assignments = student_assignments(request.user) if not request.user.is_teacher else []
    return render(request, "accounts/dashboard.html", {"assignments": assignments})


@require_GET
def progress(request):
    """A learner's progress: lessons, quizzes, accuracy over time, calibration,
    the techniques that fool them most, and what to do next."""
    from accounts.progress import progress_for

    return render(request, "accounts/progress.html", progress_for(request))


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Change a password (required after a teacher-issued one-time password)."""
    from django.contrib.auth import update_session_auth_hash
    from django.contrib.auth.forms import PasswordChangeForm

    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        update_session_auth_hash(request, user)
        return redirect("accounts:dashboard")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_GET
def download_data(request):
    """Everything the site keeps about this person, as JSON."""
    from django.http import JsonResponse

    from accounts.services import user_data_export

    response = JsonResponse(user_data_export(user=request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="deepfake-literacy-lab-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    from django.contrib.auth import logout

    from accounts.forms import DeleteAccountForm

    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=request.user)
        logout(request)
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})
