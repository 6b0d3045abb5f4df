import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from literacy import services_lessons
from literacy.lessons import CITE_RE, TEACHER_SUBSECTIONS, parse_lesson_file, read_course, render_markdown
from literacy.models import GlossaryTerm, Lesson, LessonProgress

LESSONS = settings.CONTENT_DIR / "lessons"


def test_every_lesson_file_has_objectives_sources_checks_and_teacher_notes():
    files = sorted(LESSONS.glob("*.md"))
    assert len(files) >= 11
    lessons, glossary = read_course(LESSONS)  # raises with every problem found
    assert [lesson.meta["number"] for lesson in lessons] == list(range(1, len(lessons) + 1))
    for lesson in lessons:
        m = lesson.meta
        assert 2 <= len(m["objectives"]) <= 6, lesson.path.name
        assert 3 <= len(m["checks"]) <= 5, lesson.path.name
        assert all(c["explanation"] and any(x.get("correct") for x in c["choices"]) for c in m["checks"])
        assert m["sources"] and set(CITE_RE.findall(lesson.core + lesson.deeper + lesson.teacher))
        assert all(h in lesson.teacher for h in TEACHER_SUBSECTIONS), lesson.path.name
    assert len(glossary) >= 30


def test_the_renderer_sanitises_html_and_numbers_citations():
    html = render_markdown(
        "Hello <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> fact.[^a]",
        [{"id": "a", "text": "A source"}],
    )
    assert (
        "<script" not in html and "onerror" not in html and "javascript:" not in html and "<img" not in html
    )
    assert 'href="#source-1"' in html


def test_load_lessons_refuses_a_broken_course_and_loads_nothing(tmp_path, db):
    (tmp_path / "glossary.yaml").write_text("- slug: gan\n  term: GAN\n  definition: A thing.\n")
    (tmp_path / "01-bad.md").write_text(
        "---\nslug: bad\nnumber: 1\ntitle: Bad\n---\nNo checks here.[^nope]\n"
    )
    with pytest.raises(Exception, match="nothing was loaded"):
        call_command("load_lessons", "--path", str(tmp_path), stdout=None, stderr=open("/dev/null", "w"))  # noqa: SIM115
    assert not Lesson.objects.exists() and not GlossaryTerm.objects.exists()


@pytest.fixture
def course(db):
    call_command("load_lessons", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return list(Lesson.objects.in_course())


def test_loading_twice_updates_in_place(course):
    call_command("load_lessons", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Lesson.objects.count() == len(course)


def test_every_lesson_page_renders_with_its_parts(client, course):
    for lesson in course:
        response = client.get(lesson.get_absolute_url())
        assert response.status_code == 200, lesson.slug
        html = response.content.decode()
        assert "By the end you can" in html and "Sources" in html and "For teachers" in html
        assert "[[widget:" not in html and "[[examples:" not in html and "[^" not in html


def _answer_all(client, lesson, *, htmx=False):
    for check in lesson.checks:
        right = [i for i, c in enumerate(check["choices"]) if c.get("correct")]
        url = reverse("literacy:lesson_check", args=[lesson.slug, check["id"]])
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.post(url, {"choice": right}, headers=headers)
        assert response.status_code in (200, 302)
    return response


def test_an_anonymous_learner_completes_a_lesson_and_the_course_shows_it(client, course):
    lesson = course[0]
    client.get(lesson.get_absolute_url())
    assert "In progress" in client.get(reverse("literacy:lesson_list")).content.decode()
    _answer_all(client, lesson)
    assert client.session["lesson_progress"][lesson.slug]["completed_at"]
    assert "Complete" in client.get(reverse("literacy:lesson_list")).content.decode()


def test_an_htmx_answer_returns_the_feedback_fragment(client, course):
    lesson = course[2]
    check = lesson.checks[0]
    wrong = next(i for i, c in enumerate(check["choices"]) if not c.get("correct"))
    url = reverse("literacy:lesson_check", args=[lesson.slug, check["id"]])
    response = client.post(url, {"choice": [wrong]}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form") and "Not quite." in html and check["explanation"][:40] in html


def test_a_signed_in_learner_progress_is_stored_and_first_try_kept(client, learner, course):
    client.force_login(learner)
    lesson = course[1]
    check = lesson.checks[0]
    url = reverse("literacy:lesson_check", args=[lesson.slug, check["id"]])
    wrong = next(i for i, c in enumerate(check["choices"]) if not c.get("correct"))
    client.post(url, {"choice": [wrong]})
    _answer_all(client, lesson)
    progress = LessonProgress.objects.get(user=learner, lesson=lesson)
    assert progress.completed_at is not None
    assert progress.check_results[check["id"]]["correct"] is True
    assert progress.check_results[check["id"]]["first_correct"] is False


def test_bad_answers_are_refused_with_a_message(client, course):
    lesson = course[0]
    check = lesson.checks[0]
    url = reverse("literacy:lesson_check", args=[lesson.slug, check["id"]])
    response = client.post(url, {"choice": ["99"]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = client.post(url, {}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and "Choose an answer first." in response.content.decode()
    assert (
        client.post(reverse("literacy:lesson_check", args=[lesson.slug, "nope"]), {"choice": [0]}).status_code
        == 404
    )
    assert not client.session.get("lesson_progress", {}).get(lesson.slug, {}).get("check_results")


def test_session_progress_moves_into_the_account(client, learner, course):
    lesson = course[0]
    _answer_all(client, lesson)
    moved = services_lessons.lesson_progress_claim_session(session=client.session, user=learner)
    assert moved == 1
    assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is not None


def test_the_glossary_links_terms_to_lessons(client, course):
    html = client.get(reverse("literacy:glossary")).content.decode()
    assert 'id="term-gan"' in html
    assert course[2].get_absolute_url() in html


def test_lesson_file_parser_splits_the_sections():
    lesson = parse_lesson_file(sorted(LESSONS.glob("03-*.md"))[0])
    assert "Go deeper" not in lesson.core and lesson.deeper and "### Classroom activity" in lesson.teacher


def test_the_latent_walk_steps_through_the_plane_without_javascript(client, course):
    import re

    url = reverse("literacy:lesson_detail", args=["autoencoders-and-face-swaps"])
    html = client.get(url, {"walk_from": "0", "walk_to": "1"}).content.decode()
    boxes = re.findall(r'<svg viewBox="(\d+ \d+) 28 28"', html)
    assert len(boxes) == 9 and len(set(boxes)) >= 3
    # Nonsense input falls back to the default walk, never an error.
    assert client.get(url, {"walk_from": "x", "walk_to": "99"}).status_code == 200


def test_be_the_discriminator_keeps_answers_on_the_server_and_scores_stages(client, course):
    import re

    url = reverse("literacy:judge")
    html = client.get(url).content.decode()
    assert "generated" not in re.sub(r"(?s)<table.*?</table>", "", html.split('id="game"')[1]).split("<form")[
        1
    ].split("</form>")[0].replace('value="generated"', "")
    item = re.search(r'name="item" value="(\d+)"', html).group(1)
    client.post(url, {"item": item, "verdict": "real"})
    html = client.get(url, {"last": item}).content.decode()
    assert "The last digit was" in html and "Digit 2 of" in html
    assert client.post(url, {"item": "9999", "verdict": "real"}).status_code == 400


def test_a_lessons_html_is_cut_at_its_markers_once():
    from literacy.lessons import split_markers

    html = "<p>Intro</p><p>[[widget:gan-replay]]</p><p>Middle</p><p>[[examples:family=digits,limit=2]]</p>"
    assert split_markers(html) == (
        ("html", "<p>Intro</p>"),
        ("widget", "gan-replay"),
        ("html", "<p>Middle</p>"),
        ("examples", "family=digits,limit=2"),
    )
    assert split_markers(html) is split_markers(html)  # parsed once, then cached


def test_the_discriminator_games_answers_are_no_static_file():
    from django.contrib.staticfiles import finders

    from literacy import lesson_assets

    assert lesson_assets.gan_judge()["stages"], "the game has rounds"
    assert finders.find("lesson-assets/gan-training/judge.json") is None
    for path in (settings.CONTENT_DIR / "lesson-assets").rglob("*.json"):
        assert '"generated"' not in path.read_text(), path


@pytest.mark.django_db
def test_examples_named_by_key_show_in_order_and_never_an_assessment_item(rf):
    from literacy.models import Example
    from literacy.tests.factories import make_example
    from literacy.widgets import _examples_block

    make_example(key="pair-original", title="The original")
    make_example(key="pair-edited", title="The edited copy", label="synthetic")
    make_example(key="graded-item", title="A graded item", use=Example.Use.ASSESSMENT)
    html = _examples_block("keys=pair-edited+graded-item+pair-original+missing", rf.get("/"))
    assert html.index("The edited copy") < html.index("The original")
    assert "A graded item" not in html


def test_a_sources_checked_date_is_shown_after_it(client, course):
    lesson = next(lesson for lesson in course if lesson.slug == "diffusion")
    source = next(s for s in lesson.sources if s["id"] == "sohl-dickstein-2015")
    assert source["checked"] == "2026-12-01"  # YAML's date kept as ISO text in the JSON field
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert "Checked 2026-12-01 (abstract: slowly destroy structure" in html


def test_a_checked_date_must_be_a_date_and_a_note_needs_one(tmp_path):
    from literacy.lessons import validate_lesson

    text = (settings.CONTENT_DIR / "lessons" / "05-diffusion.md").read_text(encoding="utf-8")
    broken = text.replace("    checked: 2026-12-01\n", "    checked: last week\n", 1)
    (tmp_path / "05-diffusion.md").write_text(broken, encoding="utf-8")
    lesson = parse_lesson_file(tmp_path / "05-diffusion.md")
    glossary = {term["slug"] for term in read_course(settings.CONTENT_DIR / "lessons")[1]}
    assert "source 'sohl-dickstein-2015': checked must be a date written YYYY-MM-DD" in validate_lesson(
        lesson, glossary
    )
    lesson.meta["sources"][0].pop("checked")
    assert "source 'sohl-dickstein-2015': a check_note needs the date it was checked" in validate_lesson(
        lesson, glossary
    )
