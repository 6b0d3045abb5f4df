from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import limits, selectors, services
from accounts.forms import DeleteAccountForm, LoginForm
from shared.net import client_ip

# Failed logins are counted by django-axes (settings.AXES_*, accounts/limits.py);
# the admin's login form goes through the same authentication and is counted too.
login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
)


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out login gets (axes calls this, for the site's form and
    the admin's): the login page with a pause message, status 429."""
    context = {"form": LoginForm(request), "locked": True, "next": request.POST.get("next", "")}
    return render(request, "accounts/login.html", context, status=429)


_password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)


@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Django's reset form, throttled: per address a 429 with a message; per
    e-mail address the same "sent" reply as always, without another mail, so
    the reply still says nothing about whether an account has that e-mail."""
    if request.method == "POST":
        if not limits.PASSWORD_RESETS_PER_ADDRESS.take(client_ip(request)):
            return render(request, "accounts/password_reset.html", {"throttled": True}, status=429)
        email = (request.POST.get("email") or "").strip().lower()[:254]
        if email and not limits.PASSWORD_RESETS_PER_EMAIL.take(email):
            return redirect("accounts:password_reset_done")
    return _password_reset(request)


@require_GET
def card_page(request, token):
    """Where a login card's QR code leads: one button that signs in. The token
    is not looked up here, so this page says nothing about it."""
    return render(request, "accounts/card.html", {"token": token})


@require_POST
def card_sign_in(request, token):
    """Sign in with a login card's token: a SHA-256 and one indexed read, no
    password hash. A wrong or revoked token gets one reply, and too many from
    one address a pause."""
    address = client_ip(request)
    if limits.CARD_FAILURES_PER_ADDRESS.reached(address):
        return render(request, "accounts/card.html", {"token": token, "throttled": True}, status=429)
    user = selectors.login_card_student(token)
    if user is None:
        limits.CARD_FAILURES_PER_ADDRESS.hit(address)
        return render(request, "accounts/card.html", {"token": token, "refused": True}, status=404)
    login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
    request.session[selectors.SIGNED_IN_BY_CARD] = True
    return redirect("learners:dashboard")


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
