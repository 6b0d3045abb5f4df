from datetime import timedelta

from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import DeleteAccountForm, LoginForm
from accounts.models import LoginFailure

# Five failures in fifteen minutes, per account or per address, then a pause.
LOGIN_LIMIT = 5
LOGIN_WINDOW = timedelta(minutes=15)


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def login_view(request):
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


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Change a password (required after a teacher-issued one-time password)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_change_password(form=form)
        update_session_auth_hash(request, user)
        return redirect("learners:dashboard")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_delete(user=request.user)
        logout(request)
        return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})
