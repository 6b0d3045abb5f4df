"""The learner's progress page: read-only numbers from lessons and attempts."""

from literacy.models import Lesson, LessonProgress, Technique
from literacy.services_lessons import lesson_state
from quizzes import charts, scoring
from quizzes.models import Attempt


def progress_for(request) -> dict:
    user = request.user
    key = request.session.session_key or ""
    lessons = list(Lesson.objects.in_course())
    attempts = Attempt.objects.for_learner(user=user, session_key=key)
    if user.is_authenticated:
        known = {p.lesson_id: p for p in LessonProgress.objects.filter(user=user)}
        states = [
            lesson_state(lesson=lesson, user=user, progress=known.get(lesson.pk), lookup=False)
            for lesson in lessons
        ]
    else:
        states = [lesson_state(lesson=lesson, session=request.session) for lesson in lessons]
    finished = list(attempts.filter(finished_at__isnull=False).select_related("quiz").order_by("finished_at"))
    by_technique: dict[str, dict[str, int]] = {}
    hits = misses = fas = crs = 0
    for attempt in finished:
        s = attempt.summary
        for tech, row in s.get("by_technique", {}).items():
            total = by_technique.setdefault(tech, {"n": 0, "correct": 0})
            total["n"] += row["n"]
            total["correct"] += row["correct"]
        hits += s.get("hits", 0)
        misses += s.get("misses", 0)
        fas += s.get("false_alarms", 0)
        crs += s.get("correct_rejections", 0)
    labels = {**dict(Technique.choices), **charts.REAL_LABELS}
    sd = scoring.signal_detection(hits, misses, fas, crs)
    trend = [
        {"attempt": a, "percent": round(100 * a.summary["accuracy"])}
        for a in finished[-12:]
        if a.summary.get("accuracy") is not None
    ]
    weakest = charts.weakest(by_technique)
    done = sum(1 for s in states if s["complete"])
    next_lesson = next((lesson for lesson, s in zip(lessons, states, strict=True) if not s["complete"]), None)
    return {
        "rows": list(zip(lessons, states, strict=True)),
        "done": done,
        "finished": finished,
        "bars": charts.accuracy_bars(by_technique, labels),
        "sd": sd,
        "trend": trend,
        "trend_chart": charts.trend_chart([p["percent"] for p in trend]),
        "fooled_most": charts.fooled_most(weakest, labels),
        "weakest_lesson": charts.TECHNIQUE_LESSON.get(weakest),
        "next_lesson": next_lesson,
        "in_progress": attempts.filter(finished_at__isnull=True).select_related("quiz").first(),
    }
