"""The course: lesson list, lesson pages with check questions, glossary."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from literacy import services_lessons, widgets
from literacy.forms import CheckAnswerForm, JudgeForm
from literacy.models import GlossaryTerm, Lesson, LessonProgress


@require_GET
def course(request):
    lessons = list(Lesson.objects.in_course())
    progress = {}
    if request.user.is_authenticated:
        progress = {p.lesson_id: p for p in LessonProgress.objects.filter(user=request.user)}
    rows = [
        {
            "lesson": lesson,
            "state": services_lessons.lesson_state(
                lesson=lesson,
                user=request.user,
                session=request.session,
                progress=progress.get(lesson.pk),
                lookup=False,
            ),
        }
        for lesson in lessons
    ]
    done = sum(1 for r in rows if r["state"]["complete"])
    return render(request, "literacy/course.html", {"rows": rows, "done": done})


def _check_context(lesson, state):
    checks = []
    for check in lesson.checks:
        result = state["results"].get(check["id"])
        checks.append(
            {"check": check, "result": result, "chosen": set(result["chosen"]) if result else set()}
        )
    return checks


@require_GET
def lesson_detail(request, slug):
    lesson = get_object_or_404(Lesson.objects.in_course(), slug=slug)
    services_lessons.lesson_start(lesson=lesson, user=request.user, session=request.session)
    state = services_lessons.lesson_state(lesson=lesson, user=request.user, session=request.session)
    lessons = list(Lesson.objects.in_course().only("slug", "number", "title"))
    position = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    terms = GlossaryTerm.objects.filter(slug__in=lesson.terms)
    context = {
        "lesson": lesson,
        "state": state,
        "checks": _check_context(lesson, state),
        "body": widgets.render_parts(lesson.body_html, request, lesson),
        "deeper": widgets.render_parts(lesson.deeper_html, request, lesson),
        "previous": lessons[position - 1] if position > 0 else None,
        "next": lessons[position + 1] if position + 1 < len(lessons) else None,
        "terms": terms,
        "teacher_open": request.user.is_authenticated and request.user.is_teacher,
    }
    return render(request, "literacy/lesson_detail.html", context)


@require_POST
def lesson_check(request, slug, check_id):
    lesson = get_object_or_404(Lesson.objects.in_course(), slug=slug)
    check = next((c for c in lesson.checks if c["id"] == check_id), None)
    if check is None:
        raise Http404("No such question")
    form = CheckAnswerForm(request.POST, check=check)
    if form.is_valid():
        services_lessons.lesson_check_answer(
            lesson=lesson,
            check=check,
            chosen=form.cleaned_data["choice"],
            user=request.user,
            session=request.session,
        )
    elif not request.htmx:
        return HttpResponseBadRequest(
            render_to_string("literacy/check_error.html", {"lesson": lesson, "errors": form.errors}, request)
        )
    if not request.htmx:
        return redirect(reverse("literacy:lesson_detail", args=[lesson.slug]) + f"#check-{check_id}")
    state = services_lessons.lesson_state(lesson=lesson, user=request.user, session=request.session)
    result = state["results"].get(check_id)
    context = {
        "lesson": lesson,
        "state": state,
        "item": {"check": check, "result": result, "chosen": set(result["chosen"]) if result else set()},
        "form_errors": form.errors.get("choice") if not form.is_valid() else None,
    }
    response = render(
        request, "literacy/lesson_detail.html#check", context, status=200 if form.is_valid() else 422
    )
    return response


@require_GET
def glossary(request):
    terms = list(GlossaryTerm.objects.all())
    used_in = {}
    for lesson in Lesson.objects.in_course().only("slug", "title", "number", "terms"):
        for slug in lesson.terms:
            used_in.setdefault(slug, []).append(lesson)
    rows = [{"term": t, "lessons": used_in.get(t.slug, [])} for t in terms]
    return render(request, "literacy/glossary.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def judge(request):
    """ "Be the discriminator": judge real and generated digits from early,
    middle and late training. The answers stay on the server until judged."""
    items = widgets.judge_items()
    if not items:
        raise Http404("The game's images have not been generated on this server.")
    error = None
    if request.method == "POST":
        if request.POST.get("restart"):
            services_lessons.judge_restart(session=request.session)
            return redirect("literacy:judge")
        form = JudgeForm(request.POST, count=len(items))
        if not form.is_valid():
            error = "Choose “real” or “generated” for the digit shown."
        else:
            index = form.cleaned_data["item"]
            services_lessons.judge_answer(
                session=request.session, index=index, verdict=form.cleaned_data["verdict"]
            )
            if not request.htmx:
                return redirect(reverse("literacy:judge") + f"?last={index}")
    answers = services_lessons.judge_answers(session=request.session)
    last = request.GET.get("last") or (
        request.POST.get("item") if request.method == "POST" and not error else None
    )
    last_item = (
        items[int(last)] if last and last.isdigit() and int(last) < len(items) and last in answers else None
    )
    current = next((item for item in items if str(item["index"]) not in answers), None)
    context = {
        "current": current,
        "last": last_item,
        "last_answer": answers.get(str(last_item["index"])) if last_item else None,
        "scores": widgets.judge_scores(items, answers),
        "total": len(items),
        "done": len(answers),
        "error": error,
    }
    template = "literacy/judge.html#game" if request.htmx else "literacy/judge.html"
    return render(request, template, context, status=400 if error else 200)
