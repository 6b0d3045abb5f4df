"""The course: lesson list, lesson pages with check questions, glossary."""

import re

from django import forms
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from literacy import lesson_assets, media, services_lessons
from literacy.lessons import EXAMPLES_RE, WIDGET_RE, parse_examples_marker
from literacy.models import Example, GlossaryTerm, Lesson, LessonProgress

MARKER_RE = re.compile(r"<p>(\[\[(?:widget|examples):[^\]]+\]\])</p>")


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


def _examples_block(spec: str, request) -> str:
    options = parse_examples_marker(spec)
    examples = Example.objects.published().study().prefetch_related("renditions")
    if "family" in options:
        examples = examples.filter(family=options["family"])
    if "technique" in options:
        examples = examples.filter(technique=options["technique"])
    chosen = list(examples.order_by("difficulty", "pk")[: options["limit"]])
    cards = [{"example": e, "image": media.rendition_set(e, "library")} for e in chosen]
    return render_to_string("literacy/widgets/examples.html", {"cards": cards, "options": options}, request)


def _widget_block(name: str, request, lesson) -> str:
    context = {"lesson": lesson, **widget_context(name, request)}
    return render_to_string(f"literacy/widgets/{name}.html", context, request)


def widget_context(name: str, request) -> dict:
    if name == "gan-replay":
        data = lesson_assets.gan_training()
        steps = (data or {}).get("steps", [])
        try:
            current = max(0, min(len(steps) - 1, int(request.GET.get("step", 0))))
        except ValueError:
            current = 0
        for step in steps:
            step["url"] = lesson_assets.asset_url("gan-training", step["samples"])
        return {"data": data, "steps": steps, "current": steps[current] if steps else None, "index": current}
    if name == "be-the-discriminator":
        return {"judge": lesson_assets.gan_judge(), "game": request.session.get("judge_game", {})}
    if name == "latent-walk":
        return latent_walk_context(request)
    if name == "latent-explorer":
        data = lesson_assets.vae_latent()
        return {
            "data": data,
            "sprite": lesson_assets.asset_url("vae-latent", data["sprite"]) if data else None,
        }
    if name == "diffusion-steps":
        data = lesson_assets.diffusion_steps()
        chains = (data or {}).get("chains", [])
        for chain in chains:
            for frame in chain["frames"]:
                frame["url"] = lesson_assets.asset_url("diffusion", frame["image"])
        return {"data": data, "chains": chains}
    if name == "forensics":
        examples = (
            Example.objects.published()
            .study()
            .filter(label="synthetic")
            .exclude(technique__in=["gan", "vae", "diffusion"])
            .prefetch_related("renditions")[:4]
        )
        return {"cards": [{"example": e, "image": media.rendition_set(e, "library")} for e in examples]}
    return {}


def _digit(value, default):
    return int(value) if value in {str(d) for d in range(10)} else default


def latent_walk_context(request) -> dict:
    """A straight walk through the VAE's latent plane from the average
    position of one digit to another's, as the grid tiles it passes."""
    data = lesson_assets.vae_latent()
    if not data:
        return {"data": None}
    start, end = _digit(request.GET.get("walk_from"), 1), _digit(request.GET.get("walk_to"), 7)
    centres = {}
    for point in data["points"]:
        centres.setdefault(point["digit"], []).append(point["z"])
    mean = {
        d: (sum(z[0] for z in zs) / len(zs), sum(z[1] for z in zs) / len(zs)) for d, zs in centres.items()
    }
    n, lo, hi, tile = data["n"], data["range"][0], data["range"][1], data["tile"]
    a, b = mean.get(start, (0.0, 0.0)), mean.get(end, (0.0, 0.0))
    steps = []
    for k in range(9):
        t = k / 8
        z1, z2 = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        col = min(n - 1, max(0, round((z1 - lo) / (hi - lo) * (n - 1))))
        row = min(n - 1, max(0, round((hi - z2) / (hi - lo) * (n - 1))))
        steps.append({"z1": z1, "z2": z2, "x": col * tile, "y": row * tile})
    return {
        "data": data,
        "sprite": lesson_assets.asset_url("vae-latent", data["sprite"]),
        "sprite_size": n * tile,
        "tile": tile,
        "steps": steps,
        "walk_from": start,
        "walk_to": end,
        "digits": range(10),
    }


def render_parts(html: str, request, lesson) -> str:
    """Replace marker paragraphs with server-rendered widgets and examples."""

    def replace(match):
        marker = match.group(1)
        widget = WIDGET_RE.match(marker)
        if widget:
            return _widget_block(widget.group(1), request, lesson)
        examples = EXAMPLES_RE.match(marker)
        if examples:
            return _examples_block(examples.group(1), request)
        return ""

    return mark_safe(MARKER_RE.sub(replace, html))


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
        "body": render_parts(lesson.body_html, request, lesson),
        "deeper": render_parts(lesson.deeper_html, request, lesson),
        "previous": lessons[position - 1] if position > 0 else None,
        "next": lessons[position + 1] if position + 1 < len(lessons) else None,
        "terms": terms,
        "teacher_open": request.user.is_authenticated and request.user.is_teacher,
    }
    return render(request, "literacy/lesson_detail.html", context)


class CheckAnswerForm(forms.Form):
    choice = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": "Choose an answer first."}
    )

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(i, c["text"]) for i, c in enumerate(check["choices"])]
        self.check = check

    def clean_choice(self):
        chosen = sorted(set(self.cleaned_data["choice"]))
        if self.check["kind"] == "single" and len(chosen) != 1:
            raise forms.ValidationError("Choose one answer.")
        return chosen


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


JUDGE_SESSION = "judge_game"


def _judge_items():
    data = lesson_assets.gan_judge() or {}
    items = []
    for stage in data.get("stages", []):
        for i, item in enumerate(stage.get("items", [])):
            items.append(
                {
                    "stage": stage["stage"],
                    "step": stage.get("step"),
                    "index": len(items),
                    "url": lesson_assets.asset_url("gan-training", item["image"]),
                    "generated": bool(item["generated"]),
                    "position": i,
                }
            )
    return items


def _judge_scores(items, answers):
    stages = []
    for stage in dict.fromkeys(item["stage"] for item in items):
        members = [item for item in items if item["stage"] == stage]
        judged = [item for item in members if str(item["index"]) in answers]
        generated = [item for item in judged if item["generated"]]
        real = [item for item in judged if not item["generated"]]
        fooled = sum(1 for item in generated if answers[str(item["index"])] == "real")
        false_alarms = sum(1 for item in real if answers[str(item["index"])] == "generated")
        stages.append(
            {
                "stage": stage,
                "step": members[0]["step"],
                "answered": len(judged),
                "total": len(members),
                "generated": len(generated),
                "fooled": fooled,
                "fooled_rate": round(100 * fooled / len(generated)) if generated else None,
                "caught": len(generated) - fooled,
                "false_alarms": false_alarms,
                "real": len(real),
            }
        )
    return stages


@require_http_methods(["GET", "POST"])
def judge(request):
    """ "Be the discriminator": judge real and generated digits from early,
    middle and late training. The answers stay on the server until judged."""
    items = _judge_items()
    if not items:
        raise Http404("The game's images have not been generated on this server.")
    answers = request.session.get(JUDGE_SESSION, {})
    error = None
    if request.method == "POST":
        if request.POST.get("restart"):
            request.session[JUDGE_SESSION] = {}
            return redirect("literacy:judge")
        index, verdict = request.POST.get("item", ""), request.POST.get("verdict")
        if not index.isdigit() or int(index) >= len(items) or verdict not in ("real", "generated"):
            error = "Choose “real” or “generated” for the digit shown."
        else:
            answers.setdefault(index, verdict)  # the first answer counts
            request.session[JUDGE_SESSION] = answers
            if not request.htmx:
                return redirect(reverse("literacy:judge") + f"?last={index}")
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
        "scores": _judge_scores(items, answers),
        "total": len(items),
        "done": len(answers),
        "error": error,
    }
    template = "literacy/judge.html#game" if request.htmx else "literacy/judge.html"
    return render(request, template, context, status=400 if error else 200)
