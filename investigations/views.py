"""Investigation cases for practice: open tools, pin what they show, give a verdict and an action.

Everything works without JavaScript: each tool is a link that returns the page with its result;
with htmx the link swaps in the result partial only. The tools a learner opened are kept in the
session (per case) so the answer can be graded on how directly they got there.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from investigations import cases as case_file
from investigations import lesson, practice
from investigations.graded import graded_case_keys
from investigations.grading import grade
from investigations.kind import case_of
from investigations.upload import BadUpload, check
from quizzes import selectors as quiz_selectors


def _case_or_404(key):
    case = case_file.get_case(key)
    if case is None or key in graded_case_keys():
        raise Http404("No such case.")
    return case


@require_GET
def case_list(request):
    graded = graded_case_keys()  # kept out of practice: the forms measure checking, not memory
    cases = [case for case in case_file.all_cases() if case["key"] not in graded]
    return render(request, "investigations/case_list.html", {"cases": cases})


@require_GET
def case_detail(request, key):
    case = _case_or_404(key)
    progress = practice.progress(request, key)
    tool = request.GET.get("tool", "")
    shown = {}
    if tool:
        if tool not in case_file.TOOL_LABELS:
            return render(
                request,
                "investigations/case.html",
                practice.context(case, progress, tool_error="There is no such tool."),
                status=400,
            )
        progress, shown = practice.use_tool(request, case, tool)
    context = practice.context(
        case,
        progress,
        # A result drawn into lesson 9's widget sits under its h4 sections (investigations/lesson.py).
        level=lesson.HEADING_LEVEL if request.GET.get("level") == str(lesson.HEADING_LEVEL) else None,
        checked=request.GET.getlist("pinned"),
        **shown,
    )
    if request.htmx and tool:
        # The result, and the pinned-evidence list redrawn out of band with this tool in it.
        return render(request, "investigations/case.html#tool_reply", context)
    return render(request, "investigations/case.html", context)


def _post_media(case) -> HttpResponse:
    """The post's picture or recording with no file name: a name such as "...-object-removal.jpg" would give
    the answer away. The content type comes from what the file is (image/... or audio/mpeg)."""
    path, content_type = case_file.posted_media(case)
    response = HttpResponse(path.read_bytes(), content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
def case_image(request, key):
    return _post_media(_case_or_404(key))


@require_GET
def item_image(request, public_id, token):
    """The picture or recording of an investigate question in a quiz, for its learner only, under the item's
    own address."""
    item = quiz_selectors.item_for_learner(
        public_id=public_id, token=token, user=request.user, session_key=request.session.session_key or ""
    )
    case = case_of(item) if item is not None else None
    if case is None:
        raise Http404("No such picture.")
    return _post_media(case)


@require_POST
def case_answer(request, key):
    case = _case_or_404(key)
    progress = practice.progress(request, key)
    verdict = request.POST.get("verdict", "")
    action = request.POST.get("action", "")
    pinned = [tool for tool in request.POST.getlist("pinned") if tool in progress["opened"]]
    errors = []
    if verdict not in case_file.VERDICT_LABELS:
        errors.append("Choose a verdict.")
    if action not in case_file.ACTION_LABELS:
        errors.append("Choose what you would do.")
    if errors:
        return render(
            request, "investigations/case.html", practice.context(case, progress, errors=errors), status=400
        )
    result = grade(case, verdict=verdict, action=action, pinned=pinned, opened=progress["opened"])
    context = practice.context(
        case,
        progress,
        graded=result,
        answer_verdict=case_file.VERDICT_LABELS[verdict],
        right_verdict=case_file.VERDICT_LABELS[case["verdict"]],
        right_action=case_file.ACTION_LABELS[case["action"]],
        pinned=[case_file.TOOL_LABELS[tool] for tool in pinned],
        expert_path=case_file.step_labels(case["expert_path"]),
    )
    return render(request, "investigations/case.html", context)


@require_GET
def check_file(request):
    return render(request, "investigations/check_file.html", {})


@require_POST
def check_file_submit(request):
    try:
        report = check(request.FILES.get("file"))
    except BadUpload as error:
        return render(request, "investigations/check_file.html", {"error": str(error)}, status=400)
    return render(request, "investigations/check_file.html", {"report": report})
