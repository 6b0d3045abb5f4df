"""Content rules for the lesson files (issue 18).

The check questions must test understanding, not test-taking tricks: the right
option may not usually be the longest, and its authored position may not be
predictable (the app also shuffles choices per learner). Every lesson cites
sources, and every source says when it was checked. The course teaches SIFT,
not an invented "STOP" routine.

The files are read with the project's own loader (literacy/lessons.py).
"""

import re
from collections import Counter

import pytest
from django.conf import settings

from literacy.lessons import CITE_RE, read_course

LESSONS_DIR = settings.CONTENT_DIR / "lessons"
MAX_RIGHT_IS_LONGEST = 0.40  # share of a lesson's single-answer checks
MAX_SAME_POSITION = 0.50  # share of a lesson's single-answer checks
MAX_SAME_POSITION_COURSE = 0.45  # share of all single-answer checks in the course
CHECKED_RE = re.compile(r"\b(?:Checked|Not re-opened in the) (\d{4}-\d{2}-\d{2})\b")


@pytest.fixture(scope="module")
def course():
    lessons, glossary = read_course(LESSONS_DIR)  # raises with every problem found
    return lessons, glossary


def single_checks(lesson):
    return [c for c in lesson.meta["checks"] if c.get("kind") == "single"]


def right_index(check):
    return next(i for i, c in enumerate(check["choices"]) if c.get("correct"))


def right_is_longest(check):
    """True when the right option is at least as long as every other option (ties count)."""
    texts = [c["text"] for c in check["choices"]]
    i = right_index(check)
    return len(texts[i]) >= max(len(t) for j, t in enumerate(texts) if j != i)


def test_the_right_option_is_not_usually_the_longest(course):
    lessons, _ = course
    problems = []
    for lesson in lessons:
        checks = single_checks(lesson)
        if not checks:
            continue
        longest = [c["id"] for c in checks if right_is_longest(c)]
        if len(longest) / len(checks) > MAX_RIGHT_IS_LONGEST:
            problems.append(
                f"{lesson.path.name}: right option is the longest in {longest} of {len(checks)} checks"
            )
    assert not problems, "\n".join(problems)


def test_the_right_option_position_is_not_predictable(course):
    lessons, _ = course
    problems = []
    everywhere = Counter()
    for lesson in lessons:
        positions = [right_index(c) for c in single_checks(lesson)]
        everywhere.update(positions)
        if len(positions) < 2:
            continue
        index, count = Counter(positions).most_common(1)[0]
        if len(set(positions)) == 1:
            problems.append(f"{lesson.path.name}: the right option is always choice {index + 1}")
        elif count / len(positions) > MAX_SAME_POSITION:
            problems.append(
                f"{lesson.path.name}: the right option is choice {index + 1} in {count} of {len(positions)} checks"
            )
    total = sum(everywhere.values())
    index, count = everywhere.most_common(1)[0]
    if count / total > MAX_SAME_POSITION_COURSE:
        problems.append(
            f"course: the right option is choice {index + 1} in {count} of {total} single-answer checks"
        )
    assert not problems, "\n".join(problems)


def test_the_position_rules_catch_a_predictable_lesson():
    """The helpers above see what they should (a guard against a vacuous test)."""
    longest_right = {
        "id": "x",
        "kind": "single",
        "choices": [{"text": "short"}, {"text": "the much longer right answer", "correct": True}],
    }
    shorter_right = {
        "id": "y",
        "kind": "single",
        "choices": [{"text": "a long and tempting wrong answer"}, {"text": "right", "correct": True}],
    }
    assert right_is_longest(longest_right) and not right_is_longest(shorter_right)
    assert right_index(longest_right) == right_index(shorter_right) == 1


def test_every_lesson_cites_sources_and_every_source_says_when_it_was_checked(course):
    lessons, _ = course
    problems = []
    for lesson in lessons:
        sources = lesson.meta.get("sources") or []
        body = "\n".join((lesson.core, lesson.deeper, lesson.teacher))
        if not sources or not CITE_RE.search(lesson.core):
            problems.append(f"{lesson.path.name}: the core text cites no sources")
        for source in sources:
            # The `checked` field (rendered as "Checked <date> (<note>)"), or the older
            # wording inside the text ("Checked <date>" / "Not re-opened in the <date> revision").
            if not (source.get("checked") or CHECKED_RE.findall(source.get("text", ""))):
                problems.append(
                    f"{lesson.path.name}: source {source.get('id')!r} does not say when it was checked"
                )
        if not any(s.get("checked") or "Checked 20" in s.get("text", "") for s in sources):
            problems.append(f"{lesson.path.name}: no source in the list was checked on a given date")
        cited = set(CITE_RE.findall(body))
        missing = {s.get("id") for s in sources} - cited
        if missing:
            problems.append(f"{lesson.path.name}: sources never cited: {sorted(missing)}")
    assert not problems, "\n".join(problems)


def test_sift_replaced_the_invented_stop_routine(course):
    lessons, glossary = course
    texts = [lesson.path.read_text(encoding="utf-8") for lesson in lessons]
    texts.append((LESSONS_DIR / "glossary.yaml").read_text(encoding="utf-8"))
    for text in texts:
        assert not re.search(r"STOP\W+routine|\*\*S\*\*top.*\n.*\*\*T\*\*race it", text), (
            "the 'STOP' routine is back"
        )
        assert "**O**pen new tabs" not in text and "**P**ost only if" not in text
    assert any(item["slug"] == "sift" for item in glossary)
    sift_lessons = [lesson.meta["slug"] for lesson in lessons if "sift" in (lesson.meta.get("terms") or [])]
    assert {"how-to-check", "what-you-can-do"} <= set(sift_lessons)
    for lesson in lessons:
        if lesson.meta["slug"] in ("how-to-check", "what-you-can-do"):
            text = lesson.core.replace("**", "")
            for move in ("Stop", "Investigate the source", "Find better coverage", "Trace"):
                assert move in text or move.lower() in text.lower(), (lesson.path.name, move)


# --- examples named by key (issue 18: the realistic pack in lessons 3, 4, 5 and 9) ---

KEYS_RE = re.compile(r"^\[\[examples:[^\]]*\bkeys=([^,\]]+)", re.M)


def test_the_examples_marker_names_study_items_by_key():
    from literacy.lessons import parse_examples_marker

    assert parse_examples_marker("keys=photo-a+photo-a-retouch")["keys"] == ["photo-a", "photo-a-retouch"]
    assert parse_examples_marker("keys=ok+Bad Key+../x")["keys"] == ["ok"]
    assert "keys" not in parse_examples_marker("keys=")
    assert len(parse_examples_marker("keys=" + "+".join(f"k{i}" for i in range(12)))["keys"]) == 8


def test_every_key_a_lesson_names_is_a_study_item_of_the_starter_pack(course):
    """Pre and post items stay hidden until answered, so a lesson may never name one."""
    import json

    lessons, _ = course
    pack = json.loads((settings.CONTENT_DIR / "starter" / "manifest.json").read_text(encoding="utf-8"))
    items = {item["key"]: item for item in pack["examples"]}
    named = {}
    for lesson in lessons:
        for spec in KEYS_RE.findall(lesson.core + "\n" + lesson.deeper):
            for key in spec.split("+"):
                named[key] = lesson.path.name
    problems = [f"{where}: {key} is not in the pack" for key, where in named.items() if key not in items]
    problems += [
        f"{where}: {key} is a {items[key]['use']} item"
        for key, where in named.items()
        if key in items and items[key]["use"] != "study"
    ]
    assert named and not problems, "\n".join(problems)


def test_the_realistic_pack_is_shown_in_lessons_3_4_5_and_9_beside_the_early_material(course):
    lessons, _ = course
    by_number = {lesson.meta["number"]: lesson.core for lesson in lessons}
    for number in (3, 4, 5, 9):
        assert (
            KEYS_RE.search(by_number[number])
            or "family=faces-hd" in by_number[number]
            or ("family=photos-hd" in by_number[number])
        ), f"lesson {number} shows nothing from the realistic pack"
    for number, family in ((3, "digits"), (4, "digits"), (5, "digits")):
        assert f"family={family}" in by_number[number], f"lesson {number} lost its early {family}"
