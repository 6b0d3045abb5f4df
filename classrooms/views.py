"""Teacher pages for classes, assignments and reports, and the student's way
into an assigned quiz. Thin views: one action per endpoint, reads through
selectors and reports, writes through services."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from classrooms import exports, paths, reports, selectors, services
from classrooms.forms import (
    AssignmentForm,
    AssignmentSettingsForm,
    BulkStudentsForm,
    ClassroomForm,
    CoTeacherForm,
    ExtensionForm,
)
from classrooms.selectors import get_assignment_for_teacher, get_classroom_for_teacher, get_enrolled_student
from literacy.models import LessonProgress
from quizzes import selectors as quiz_selectors
from quizzes.services import QuizError
from shared.htmx import HtmxHttpRequest
from shared.http import csv_response
from shared.qr import qr_svg

CARDS_SESSION = "login_cards"
BULK_REMAINING_SESSION = "students_bulk_remaining"


def teacher_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_teacher:
            raise PermissionDenied("Teachers only.")
        return view(request, *args, **kwargs)

    return wrapped


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# Classes ----------------------------------------------------------------------


@teacher_required
@require_http_methods(["GET", "POST"])
def classroom_list(request):
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = services.classroom_create(owner=request.user, name=form.cleaned_data["name"])
        messages.success(
            request, f"Class “{classroom.name}” created. Its join code is {classroom.join_code}."
        )
        return redirect(classroom.get_absolute_url())
    classes = reports.classes_taught_by(request.user)
    context = {"classes": classes, "form": form, "invitations": selectors.invitations_for(request.user)}
    return render(request, "classrooms/classroom_list.html", context)


@teacher_required
@require_GET
def classroom_detail(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    enrolments = reports.roster(classroom)
    context = {
        "classroom": classroom,
        "enrolments": enrolments,
        "assignments": reports.assignments_of(classroom),
        "assignment_form": AssignmentForm(initial={"attempts_allowed": 1}),
        "bulk_form": BulkStudentsForm(),
        "co_teacher_form": CoTeacherForm(),
        "invitations": classroom.invitations.all() if classroom.owner_id == request.user.pk else [],
        "prepost": reports.prepost(classroom, enrolments),
        "join_url": request.build_absolute_uri(reverse("learners:join")),
    }
    return render(request, "classrooms/classroom_detail.html", context)


@teacher_required
@require_POST
def classroom_regenerate_code(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    code = services.classroom_regenerate_code(classroom=classroom)
    messages.success(request, f"New join code: {code}. The old one no longer works.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_POST
def classroom_toggle_joining(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    is_open = services.classroom_toggle_joining(classroom=classroom)
    messages.success(request, "Joining is open." if is_open else "Joining is closed.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_POST
def classroom_toggle_archived(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    archived = services.classroom_toggle_archived(classroom=classroom)
    messages.success(request, "Class archived." if archived else "Class restored.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_POST
def co_teacher_add(request, public_id):
    """Invite a co-teacher: the same reply whether or not the name is a teacher's."""
    classroom = selectors.get_classroom_for_owner(request.user, public_id)
    form = CoTeacherForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(classroom.get_absolute_url() + "#coteach-heading")
    try:
        services.co_teacher_invite(
            classroom=classroom, invited_by=request.user, who=form.cleaned_data["co_teacher"]
        )
    except services.CoTeacherError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, services.INVITED)
    return redirect(classroom.get_absolute_url() + "#coteach-heading")


@teacher_required
@require_POST
def co_teacher_remove(request, public_id, teacher_id):
    """The owner removes a co-teacher; a co-teacher may remove only themselves (leave)."""
    classroom = get_classroom_for_teacher(request.user, public_id)
    if classroom.owner_id != request.user.pk and teacher_id != request.user.pk:
        raise PermissionDenied("Only the class's owner manages its teachers.")
    services.classroom_remove_co_teacher(classroom=classroom, teacher_id=teacher_id)
    if teacher_id == request.user.pk:
        messages.success(request, f"You no longer co-teach {classroom.name}.")
        return redirect("classrooms:classroom_list")
    messages.success(request, "Co-teacher removed.")
    return redirect(classroom.get_absolute_url() + "#coteach-heading")


@teacher_required
@require_POST
def invitation_withdraw(request, public_id, invitation_id):
    classroom = selectors.get_classroom_for_owner(request.user, public_id)
    invitation = selectors.get_invitation_for_class(classroom, invitation_id)
    services.co_teacher_invitation_withdraw(invitation=invitation)
    messages.success(request, f"The invitation to “{invitation.invited_as}” was withdrawn.")
    return redirect(classroom.get_absolute_url() + "#coteach-heading")


@teacher_required
@require_POST
def invitation_accept(request, invitation_id):
    invitation = selectors.get_invitation_for_invitee(request.user, invitation_id)
    classroom = services.co_teacher_invitation_accept(invitation=invitation)
    messages.success(request, f"You now co-teach {classroom.name}.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_POST
def invitation_decline(request, invitation_id):
    invitation = selectors.get_invitation_for_invitee(request.user, invitation_id)
    services.co_teacher_invitation_decline(invitation=invitation)
    messages.success(request, f"You declined to co-teach {invitation.classroom.name}.")
    return redirect("classrooms:classroom_list")


# Students ---------------------------------------------------------------------


def _card(student, *, password: str = "", token: str = "") -> dict:
    return {"name": student.display_name, "username": student.username, "password": password, "token": token}


def _keep_cards(request, classroom, cards: list[dict], *, more: bool = False) -> None:
    """One-time passwords and card tokens exist only here and on the cards
    page of this session (the database keeps their hashes)."""
    stored = request.session.get(CARDS_SESSION) or {}
    if more and stored.get("classroom") == classroom.public_id:
        cards = stored.get("cards", []) + cards
    request.session[CARDS_SESSION] = {"classroom": classroom.public_id, "cards": cards}


@teacher_required
@require_POST
def students_bulk(request, public_id):
    """Create accounts for a list of names, BULK_BATCH at a time: a longer list
    comes back on the cards page with a button for the next step."""
    classroom = get_classroom_for_teacher(request.user, public_id)
    form = BulkStudentsForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("names", []):
            messages.error(request, error)
        return redirect(classroom.get_absolute_url())
    names = form.cleaned_data["names"]
    now, rest = names[: services.BULK_BATCH], names[services.BULK_BATCH :]
    made = services.students_bulk_create(classroom=classroom, names=now)
    cards = [_card(m.user, password=m.password, token=m.card_token) for m in made]
    _keep_cards(request, classroom, cards, more=request.POST.get("more") == "1")
    request.session[BULK_REMAINING_SESSION] = {"classroom": classroom.public_id, "names": rest}
    if rest:
        messages.success(
            request, f"{len(made)} student account(s) created; {len(rest)} name(s) still to go: see below."
        )
    else:
        messages.success(request, f"{len(made)} student account(s) created. Print their login cards now.")
    return redirect("classrooms:login_cards", public_id=classroom.public_id)


@teacher_required
@require_GET
def login_cards(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    stored = request.session.get(CARDS_SESSION) or {}
    cards = (
        [dict(c) for c in stored.get("cards", [])] if stored.get("classroom") == classroom.public_id else []
    )
    for card in cards:
        if card.get("token"):
            url = request.build_absolute_uri(reverse("accounts:card", args=[card["token"]]))
            card["qr"] = qr_svg(url, title=f"QR code to sign in as {card['username']}")
    remaining = request.session.get(BULK_REMAINING_SESSION) or {}
    rest = remaining.get("names", []) if remaining.get("classroom") == classroom.public_id else []
    context = {
        "classroom": classroom,
        "cards": cards,
        "login_url": request.build_absolute_uri(reverse("accounts:login")),
        "remaining": "\n".join(rest),
        "remaining_count": len(rest),
        "batch": min(len(rest), services.BULK_BATCH),
    }
    return render(request, "classrooms/login_cards.html", context)


@teacher_required
@require_POST
def login_cards_issue(request, public_id):
    """New QR login cards for the whole class; the old ones stop working."""
    classroom = get_classroom_for_teacher(request.user, public_id)
    issued = services.classroom_login_cards_issue(classroom=classroom)
    _keep_cards(request, classroom, [_card(student, token=token) for student, token in issued])
    messages.success(request, f"New login cards for {len(issued)} student(s); the old cards no longer work.")
    return redirect("classrooms:login_cards", public_id=classroom.public_id)


@teacher_required
@require_POST
def login_cards_revoke(request, public_id):
    """Turn off QR sign-in for the class's students (their passwords still work)."""
    classroom = get_classroom_for_teacher(request.user, public_id)
    revoked = services.classroom_login_cards_revoke(classroom=classroom)
    request.session.pop(CARDS_SESSION, None)
    messages.success(request, f"{revoked} login card(s) revoked: their QR codes no longer sign anyone in.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_POST
def student_reset_password(request, public_id, student_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    student = get_enrolled_student(classroom, student_id).student
    try:
        password, token = services.student_login_reset(classroom=classroom, student=student)
    except services.AccountNotManaged as refused:
        messages.error(request, str(refused))
        return redirect("classrooms:student_detail", public_id=classroom.public_id, student_id=student.pk)
    _keep_cards(request, classroom, [_card(student, password=password, token=token)])
    return redirect("classrooms:login_cards", public_id=classroom.public_id)


@teacher_required
@require_POST
def student_remove(request, public_id, student_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    student = get_enrolled_student(classroom, student_id).student
    services.student_remove(classroom=classroom, student=student)
    messages.success(request, f"{student.name} was removed from {classroom.name}.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_GET
def student_detail(request, public_id, student_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    student = get_enrolled_student(classroom, student_id).student
    attempts = list(reports.attempts_of_student(student, classroom))
    progress = list(
        LessonProgress.objects.filter(user=student).select_related("lesson").order_by("lesson__number")
    )
    trend = [a for a in reversed(attempts) if a.finished_at and a.summary.get("accuracy") is not None]
    context = {
        "classroom": classroom,
        "student": student,
        "attempts": attempts,
        "progress": progress,
        "trend": trend,
    }
    return render(request, "classrooms/student_detail.html", context)


@teacher_required
@require_GET
def student_attempt(request, public_id, student_id, attempt_id):
    """One of a student's attempts, answer by answer."""
    classroom = get_classroom_for_teacher(request.user, public_id)
    student = get_enrolled_student(classroom, student_id).student
    attempt = reports.get_attempt_of_student(student, classroom, attempt_id)
    context = {
        "classroom": classroom,
        "student": student,
        "attempt": attempt,
        "rows": reports.attempt_answers(attempt),
    }
    return render(request, "classrooms/student_attempt.html", context)


# Assignments ------------------------------------------------------------------


@teacher_required
@require_POST
def assignment_create(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(classroom.get_absolute_url() + "#assign")
    data = form.cleaned_data
    assignment = services.assignment_create(
        classroom=classroom, created_by=request.user, quiz=data["quiz"], lesson=data["lesson"],
        opens_at=data["opens_at"], due_at=data["due_at"], attempts_allowed=data["attempts_allowed"],
        counterbalanced=data["counterbalanced"], late_accepted=data["late_accepted"],
        listening_optional=data["listening_optional"],
    )  # fmt: skip
    messages.success(request, f"Assigned {assignment.quiz or assignment.lesson}.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_GET
def assignment_detail(request: HtmxHttpRequest, public_id, assignment_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    assignment = get_assignment_for_teacher(classroom, assignment_id)
    enrolments = reports.roster(classroom)
    context = {
        "classroom": classroom,
        "assignment": assignment,
        "status": reports.assignment_status(assignment, enrolments),
    }
    if request.htmx:
        return render(request, "classrooms/assignment_detail.html#status", context)
    if assignment.quiz_id:
        analysis = reports.item_analysis(assignment)
        show_all = request.GET.get("items") == "all"
        context["analysis"] = analysis
        needed = reports.answers_needed(analysis["rows"])
        context["item_rows"] = (
            analysis["rows"] if show_all else reports.hardest(analysis["rows"], min_answers=needed)
        )
        context["answers_needed"] = needed
        context["showing_all"] = show_all
        context["paths"] = paths.investigation_paths(assignment)
    context["extension_form"] = ExtensionForm()
    context["settings_form"] = AssignmentSettingsForm(
        initial={
            "late_accepted": assignment.late_accepted,
            "listening_optional": assignment.listening_optional,
        }
    )
    return render(request, "classrooms/assignment_detail.html", context)


def _to_assignment(classroom, assignment):
    return redirect(
        "classrooms:assignment_detail", public_id=classroom.public_id, assignment_id=assignment.public_id
    )


@teacher_required
@require_POST
def assignment_extend(request, public_id, assignment_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    assignment = get_assignment_for_teacher(classroom, assignment_id)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        student = get_enrolled_student(classroom, form.cleaned_data["student"]).student
        due_at = form.cleaned_data["due_at"]
        services.extension_grant(assignment=assignment, student=student, due_at=due_at)
        messages.success(request, f"{student.name} now has until {due_at:%d %b %H:%M}.")
    else:
        messages.error(request, "Choose a student and a valid date for the extension.")
    return _to_assignment(classroom, assignment)


@teacher_required
@require_POST
def assignment_settings(request, public_id, assignment_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    assignment = get_assignment_for_teacher(classroom, assignment_id)
    form = AssignmentSettingsForm(request.POST)
    if assignment.quiz is None or not form.is_valid():
        messages.error(request, "Only a quiz's assignment has these settings.")
    else:
        services.assignment_change_settings(assignment=assignment, **form.cleaned_data)
        late = "accepted and marked late" if assignment.late_accepted else "not accepted"
        listening = "optional" if assignment.listening_optional else "required"
        messages.success(request, f"Saved: late work {late}; listening {listening}.")
    return _to_assignment(classroom, assignment)


@teacher_required
@require_GET
def export_results(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    rows = exports.results_rows(classroom)
    return csv_response(f"{classroom.name}-results.csv", exports.RESULTS_HEADER, rows)


@teacher_required
@require_GET
def export_answers(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    rows = exports.answers_rows(classroom)
    return csv_response(f"{classroom.name}-answers.csv", exports.ANSWERS_HEADER, rows)


# A student's way into an assigned quiz ------------------------------------------


@login_required
@require_GET
def assignment_take(request, assignment_id):
    """An assigned quiz's start page: the quiz, the assignment's dates and the
    attempts that count for it."""
    assignment = selectors.get_quiz_assignment_for_student(request.user, assignment_id)
    attempts = list(selectors.student_assignment_attempts(assignment, request.user).order_by("-started_at"))
    context = quiz_selectors.quiz_overview(
        quiz=assignment.quiz, attempts=attempts, allowed=assignment.attempts_allowed
    )
    context["assignment"] = assignment
    context["blocked"] = selectors.assignment_gate(assignment=assignment, user=request.user)
    context["due"] = due = selectors.assignment_due_for(assignment, request.user)
    context["late_now"] = bool(due and timezone.now() > due and assignment.late_accepted)
    context["start_url"] = reverse("classrooms:assignment_start", args=[assignment.public_id])
    return render(request, "quizzes/quiz_detail.html", context)


@login_required
@require_POST
def assignment_start(request, assignment_id):
    assignment = selectors.get_quiz_assignment_for_student(request.user, assignment_id)
    try:
        attempt = services.assignment_attempt_start(assignment=assignment, user=request.user)
    except (services.AssignmentClosed, QuizError) as exc:
        messages.error(request, exc.message)
        return redirect("classrooms:assignment_take", assignment_id=assignment.public_id)
    return redirect("quizzes:attempt", public_id=attempt.public_id)
