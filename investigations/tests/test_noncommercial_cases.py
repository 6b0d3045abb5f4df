"""A deployment that leaves out media with a non-commercial lineage (DLL_EXCLUDE_NONCOMMERCIAL) leaves out
the cases that post such media too: not listed, not served, not put on a graded form, not in lesson 9."""

import pytest
from django.test import override_settings
from django.urls import reverse

from investigations import graded
from investigations.cases import all_cases, catalogue, get_case
from investigations.lesson import lesson_case
from investigations.tests.test_investigate_kind import make_quiz, start

pytestmark = pytest.mark.django_db

# The invented experts' StyleGAN2 faces (weights and FFHQ data for non-commercial use) and the relatives'
# Piper voice messages (fine-tuned from a voice whose training data is non-commercial).
NONCOMMERCIAL = {
    "dr-lena-varga", "prof-amir-sato", "dr-jon-berrin", "eng-sofia-kral", "dr-pia-lund",
    "grandson-crash", "mum-new-number", "nephew-stranded",
}  # fmt: skip
excluding = override_settings(EXCLUDE_NONCOMMERCIAL=True)


def test_each_case_is_marked_from_its_posts_lineage():
    assert {case["key"] for case in catalogue() if case["noncommercial"]} == NONCOMMERCIAL


def test_by_default_every_case_is_offered():
    assert [case["key"] for case in all_cases()] == [case["key"] for case in catalogue()]
    assert get_case("dr-lena-varga") is not None


@excluding
def test_excluding_them_leaves_the_other_cases_only():
    offered = {case["key"] for case in all_cases()}
    assert offered == {case["key"] for case in catalogue()} - NONCOMMERCIAL
    assert len(offered) == len(catalogue()) - len(NONCOMMERCIAL)
    assert get_case("dr-lena-varga") is None and get_case("grandson-crash") is None


@excluding
def test_an_excluded_case_is_neither_listed_nor_served(client):
    listing = client.get(reverse("investigations:case_list")).content.decode()
    for key in NONCOMMERCIAL:
        assert reverse("investigations:case_detail", args=[key]) not in listing
    assert reverse("investigations:case_detail", args=["launch-pad"]) in listing
    for name in ("case_detail", "case_image"):
        assert client.get(reverse(f"investigations:{name}", args=["dr-lena-varga"])).status_code == 404
    answer = client.post(
        reverse("investigations:case_answer", args=["grandson-crash"]),
        {"verdict": "cannot_tell", "action": "ask_another_way"},
    )
    assert answer.status_code == 404


@excluding
def test_the_graded_forms_keep_the_same_shape_without_them():
    chosen = graded.form_cases(all_cases(), {})
    verdicts = {form: sorted(case["verdict"] for case in cases) for form, cases in chosen.items()}
    # Every wholly generated case posts a StyleGAN2 face, so that verdict leaves both forms, never one.
    assert verdicts["pre"] == verdicts["post"] == ["edited", "in_context", "miscaptioned"]
    assert not {case["key"] for cases in chosen.values() for case in cases} & NONCOMMERCIAL


@excluding
def test_practice_and_lesson_nine_use_only_offered_cases():
    assert not {case["key"] for case in graded.practice_cases(set())} & NONCOMMERCIAL
    assert lesson_case()["key"] not in NONCOMMERCIAL


def test_a_question_on_an_excluded_case_says_so_and_never_fails(client):
    """A form seeded before the deployment turned the setting on: its question says the case is no longer
    offered, and a tool or an answer sent anyway gets a clear reply, not a 500."""
    item, url = start(client, make_quiz("dr-lena-varga"))
    with excluding:
        page = client.get(reverse("quizzes:attempt", args=[item.attempt.public_id])).content.decode()
        assert "This case is no longer offered on this site" in page
        assert 'name="tool"' not in page
        image = reverse("investigations:item_image", args=[item.attempt.public_id, item.token])
        assert client.get(image).status_code == 404
        tool = client.post(url, {"tool": "reverse_search"})
        answer = client.post(url, {"verdict": "generated", "action": "report", "pinned": ["compare_faces"]})
    for response in (tool, answer):
        assert response.status_code == 400
        assert (
            "This case is no longer offered on this site, so it cannot be answered."
            in response.content.decode()
        )
    item.refresh_from_db()
    assert not item.work and item.answered_at is None
