"""Teacher and student pages for classes, assignments and reports."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.services import session_claim
from classrooms import reports, services
from classrooms.forms import AssignmentForm, BulkStudentsForm, ClassroomForm, ExtensionForm, JoinForm
from classrooms.models import Assignment, Classroom, Enrolment, Extension
from literacy.models import LessonProgress
from quizzes.models import Attempt, AttemptItem

CARDS_SESSION = "login_cards"


def teacher_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_teacher:
            raise PermissionDenied("Teachers only.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def get_classroom_for_teacher(user, public_id) -> Classroom:
    """A class this teacher owns or co-teaches; 404 for anyone else."""
    classroom = Classroom.objects.taught_by(user).filter(public_id=public_id).select_related("owner").first()
    if classroom is None:
        raise Http404("No such class")
    return classroom


def get_assignment_for_teacher(user, classroom, public_id) -> Assignment:
    assignment = (
        Assignment.objects.filter(classroom=classroom, public_id=public_id)
        .select_related("quiz", "lesson")
        .prefetch_related("extensions")
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment")
    return assignment


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
    classes = Classroom.objects.taught_by(request.user).order_by("archived_at", "name")
    return render(request, "classrooms/classroom_list.html", {"classes": classes, "form": form})


@teacher_required
@require_GET
def classroom_detail(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    enrolments = reports.roster(classroom)
    assignments = list(classroom.assignments.select_related("quiz", "lesson").order_by("-opens_at"))
    context = {
        "classroom": classroom,
        "enrolments": enrolments,
        "assignments": assignments,
        "assignment_form": AssignmentForm(initial={"attempts_allowed": 1}),
        "bulk_form": BulkStudentsForm(),
        "prepost": reports.prepost(classroom, enrolments),
        "join_url": request.build_absolute_uri(reverse("classrooms:join")),
    }
    return render(request, "classrooms/classroom_detail.html", context)


@teacher_required
@require_POST
def classroom_action(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    action = request.POST.get("action")
    if action == "regenerate":
        code = services.classroom_regenerate_code(classroom=classroom)
        messages.success(request, f"New join code: {code}. The old one no longer works.")
    elif action == "toggle-joining":
        classroom.joining_open = not classroom.joining_open
        classroom.save(update_fields=["joining_open"])
        messages.success(request, "Joining is open." if classroom.joining_open else "Joining is closed.")
    elif action == "add-co-teacher":
        who = (request.POST.get("co_teacher") or "").strip()
        other = (
            User.objects.teachers().filter(Q(username__iexact=who) | Q(email__iexact=who)).first()
            if who
            else None
        )
        if other is None or other == classroom.owner:
            messages.error(
                request, "No other teacher has that username or email. They need a teacher account first."
            )
        else:
            classroom.co_teachers.add(other)
            messages.success(request, f"{other.name} now co-teaches {classroom.name}.")
    elif action == "remove-co-teacher":
        classroom.co_teachers.remove(*classroom.co_teachers.filter(pk=request.POST.get("teacher_id") or 0))
        messages.success(request, "Co-teacher removed.")
    elif action == "archive":
        classroom.archived_at = None if classroom.archived_at else timezone.now()
        classroom.save(update_fields=["archived_at"])
        messages.success(request, "Class archived." if classroom.archived_at else "Class restored.")
    else:
        messages.error(request, "Unknown action.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_POST
def students_bulk(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    form = BulkStudentsForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("names", []):
            messages.error(request, error)
        return redirect(classroom.get_absolute_url())
    made = services.students_bulk_create(classroom=classroom, names=form.cleaned_data["names"])
    # One-time passwords exist only here and on the cards page of this session.
    request.session[CARDS_SESSION] = {
        "classroom": classroom.public_id,
        "cards": [{"name": u.display_name, "username": u.username, "password": p} for u, p in made],
    }
    messages.success(request, f"{len(made)} student account(s) created. Print their login cards now.")
    return redirect("classrooms:login_cards", public_id=classroom.public_id)


@teacher_required
@require_GET
def login_cards(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    stored = request.session.get(CARDS_SESSION) or {}
    cards = stored.get("cards", []) if stored.get("classroom") == classroom.public_id else []
    return render(
        request,
        "classrooms/login_cards.html",
        {
            "classroom": classroom,
            "cards": cards,
            "login_url": request.build_absolute_uri(reverse("accounts:login")),
        },
    )


def _enrolled_student(classroom, student_id) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(classroom=classroom, student_id=student_id).select_related("student").first()
    )
    if enrolment is None:
        raise Http404("No such student in this class")
    return enrolment


@teacher_required
@require_POST
def student_action(request, public_id, student_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    enrolment = _enrolled_student(classroom, student_id)
    student = enrolment.student
    action = request.POST.get("action")
    if action == "reset-password":
        password = services.student_reset_password(student=student)
        request.session[CARDS_SESSION] = {
            "classroom": classroom.public_id,
            "cards": [{"name": student.display_name, "username": student.username, "password": password}],
        }
        return redirect("classrooms:login_cards", public_id=classroom.public_id)
    if action == "remove":
        services.student_remove(classroom=classroom, student=student)
        messages.success(request, f"{student.name} was removed from {classroom.name}.")
        return redirect(classroom.get_absolute_url())
    messages.error(request, "Unknown action.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_GET
def student_detail(request, public_id, student_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    student = _enrolled_student(classroom, student_id).student
    attempts = list(
        Attempt.objects.filter(user=student).select_related("quiz", "assignment").order_by("-started_at")
    )
    progress = list(
        LessonProgress.objects.filter(user=student).select_related("lesson").order_by("lesson__number")
    )
    trend = [a for a in reversed(attempts) if a.finished_at and a.summary.get("accuracy") is not None]
    return render(
        request,
        "classrooms/student_detail.html",
        {
            "classroom": classroom,
            "student": student,
            "attempts": attempts,
            "progress": progress,
            "trend": trend,
        },
    )


@teacher_required
@require_GET
def student_attempt(request, public_id, student_id, attempt_id):
    """One of a student's attempts, answer by answer."""
    classroom = get_classroom_for_teacher(request.user, public_id)
    student = _enrolled_student(classroom, student_id).student
    attempt = Attempt.objects.filter(user=student, public_id=attempt_id).select_related("quiz").first()
    if attempt is None:
        raise Http404("No such attempt")
    context = {
        "classroom": classroom,
        "student": student,
        "attempt": attempt,
        "rows": reports.attempt_answers(attempt),
    }
    return render(request, "classrooms/student_attempt.html", context)


@teacher_required
@require_POST
def assignment_create(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(classroom.get_absolute_url() + "#assign")
    data = form.cleaned_data
    assignment = services.assignment_create(
        classroom=classroom, created_by=request.user, quiz=data["quiz"], lesson=data["lesson"],
        opens_at=data["opens_at"], due_at=data["due_at"], attempts_allowed=data["attempts_allowed"],
    )  # fmt: skip
    messages.success(request, f"Assigned {assignment.quiz or assignment.lesson}.")
    return redirect(classroom.get_absolute_url())


@teacher_required
@require_GET
def assignment_detail(request, public_id, assignment_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    assignment = get_assignment_for_teacher(request.user, classroom, assignment_id)
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
        context["item_rows"] = analysis["rows"] if show_all else reports.hardest(analysis["rows"])
        context["showing_all"] = show_all
    context["extension_form"] = ExtensionForm()
    return render(request, "classrooms/assignment_detail.html", context)


@teacher_required
@require_POST
def assignment_extend(request, public_id, assignment_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    assignment = get_assignment_for_teacher(request.user, classroom, assignment_id)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        student = _enrolled_student(classroom, form.cleaned_data["student"]).student
        Extension.objects.update_or_create(
            assignment=assignment, student=student, defaults={"due_at": form.cleaned_data["due_at"]}
        )
        messages.success(request, f"{student.name} now has until {form.cleaned_data['due_at']:%d %b %H:%M}.")
    else:
        messages.error(request, "Choose a student and a valid date for the extension.")
    return redirect(
        "classrooms:assignment_detail", public_id=classroom.public_id, assignment_id=assignment.public_id
    )


def _safe_cell(value) -> str:
    """Spreadsheet-safe text: a cell that starts like a formula is quoted."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe_cell(v) for v in row])
    return response


def _pct(value):
    return "" if value is None else round(100 * value, 1)


@teacher_required
@require_GET
def export_results(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    enrolments = reports.roster(classroom)
    assignments = list(classroom.assignments.select_related("quiz", "lesson").order_by("opens_at"))
    attempts = Attempt.objects.filter(assignment__classroom=classroom).only(
        "assignment_id", "user_id", "started_at", "finished_at", "summary"
    )
    by_key = {}
    for attempt in attempts:
        by_key.setdefault((attempt.assignment_id, attempt.user_id), []).append(attempt)
    progress = {
        (p.user_id, p.lesson_id): p
        for p in LessonProgress.objects.filter(user__in=[e.student for e in enrolments])
    }
    rows = []
    for assignment in assignments:
        for enrolment in enrolments:
            student = enrolment.student
            if assignment.quiz_id:
                mine = by_key.get((assignment.pk, student.pk), [])
                finished = [a for a in mine if a.finished_at]
                best = max(finished, key=lambda a: a.summary.get("accuracy") or 0, default=None)
                s = best.summary if best else {}
                status = "finished" if finished else "started" if mine else "not started"
                rows.append([student.name, student.username, str(assignment.quiz), "quiz", status, len(mine),
                             _pct(s.get("accuracy")), s.get("d_prime") and round(s["d_prime"], 2),
                             s.get("brier") and round(s["brier"], 3), _pct(s.get("false_alarm_rate")),
                             best.finished_at.isoformat() if best else ""])  # fmt: skip
            else:
                p = progress.get((student.pk, assignment.lesson_id))
                status = "complete" if p and p.completed_at else "started" if p else "not started"
                rows.append([student.name, student.username, str(assignment.lesson), "lesson", status, "", "", "", "", "",
                             p.completed_at.isoformat() if p and p.completed_at else ""])  # fmt: skip
    header = ["Student", "Username", "Assignment", "Type", "Status", "Attempts", "Best accuracy (%)", "d prime",
              "Brier score", "False-alarm rate (%)", "Finished at"]  # fmt: skip
    return _csv_response(f"{classroom.name}-results.csv".replace(" ", "-"), header, rows)


@teacher_required
@require_GET
def export_answers(request, public_id):
    classroom = get_classroom_for_teacher(request.user, public_id)
    items = (
        AttemptItem.objects.filter(attempt__assignment__classroom=classroom)
        .select_related("attempt__user", "attempt__quiz", "example", "example_b", "question")
        .order_by("attempt__user__display_name", "attempt__started_at", "position")
    )
    rows = []
    for item in items.iterator(chunk_size=2000):
        truth = ""
        if item.kind == "real_or_synthetic":
            truth = item.example.label
        elif item.kind == "which_is_real":
            truth = f"{item.correct_side()} side"
        elif item.kind == "spot":
            truth = "inside a tell region"
        r = item.response or {}
        answer = (
            r.get("choice")
            or (f"{r['side']} side" if "side" in r else "")
            or (f"{r.get('x')}, {r.get('y')}" if "x" in r else "")
            or ",".join(map(str, r.get("choices", [])))
        )
        rows.append([
            item.attempt.user.name if item.attempt.user else "", str(item.attempt.quiz), item.attempt.public_id,
            item.position + 1, item.get_kind_display(), item.example.public_id if item.example_id else "",
            truth, answer, "" if item.confidence is None else item.confidence,
            "" if item.is_correct is None else ("yes" if item.is_correct else "no"),
            item.answered_at.isoformat() if item.answered_at else "",
        ])  # fmt: skip
    header = ["Student", "Quiz", "Attempt", "Question", "Question type", "Example", "Right answer", "Answer given",
              "How likely synthetic (%)", "Correct", "Answered at"]  # fmt: skip
    return _csv_response(f"{classroom.name}-answers.csv".replace(" ", "-"), header, rows)


@require_http_methods(["GET", "POST"])
def join(request):
    signed_in = request.user.is_authenticated
    if signed_in and request.user.is_teacher:
        messages.info(request, "Teachers add classes from their class list; this page is for students.")
    form = JoinForm(request.POST or None, signed_in=signed_in, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        classroom = form.classroom
        if signed_in:
            services.student_enrol(classroom=classroom, user=request.user)
        else:
            user = services.student_join(
                classroom=classroom,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
            )
            session_claim(request=request, user=user)
            messages.success(
                request,
                f"Welcome! Your username is {user.username}: write it down, you'll need it to log in.",
            )
        messages.success(request, f"You joined {classroom.name}.")
        return redirect("accounts:dashboard")
    return render(
        request, "classrooms/join.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


def student_assignments(user) -> list[dict]:
    """A student's assignments across their classes: to do, late, done."""
    enrolments = Enrolment.objects.filter(student=user).values_list("classroom_id", flat=True)
    assignments = list(
        Assignment.objects.filter(
            classroom_id__in=list(enrolments),
            classroom__archived_at__isnull=True,
            opens_at__lte=timezone.now(),
        )
        .select_related("quiz", "lesson", "classroom")
        .prefetch_related(Prefetch("extensions", queryset=Extension.objects.filter(student=user)))
        .order_by("due_at")
    )
    done_quiz = set(
        Attempt.objects.filter(user=user, assignment__in=assignments, finished_at__isnull=False).values_list(
            "assignment_id", flat=True
        )
    )
    done_lessons = set(
        LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    now = timezone.now()
    rows = []
    for a in assignments:
        due = services.assignment_due_for(a, user)
        done = a.pk in done_quiz if a.quiz_id else a.lesson_id in done_lessons
        state = "done" if done else "late" if due and now > due else "to do"
        url = (
            (reverse("quizzes:quiz_detail", args=[a.quiz.public_id]) + f"?assignment={a.public_id}")
            if a.quiz_id
            else a.lesson.get_absolute_url()
        )
        rows.append({"assignment": a, "due": due, "state": state, "url": url})
    return rows
