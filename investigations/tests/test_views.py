import pytest
from django.urls import reverse

from investigations.cases import VERDICT_LABELS, all_cases, get_case
from investigations.grading import grade

pytestmark = pytest.mark.django_db

EDITED = "launch-pad"
FACE = "dr-lena-varga"


def detail(key):
    return reverse("investigations:case_detail", args=[key])


def answer(key):
    return reverse("investigations:case_answer", args=[key])


def test_the_case_list_links_every_case(client):
    page = client.get(reverse("investigations:case_list")).content.decode()
    assert all(detail(case["key"]) in page for case in all_cases())


def test_a_case_shows_neither_its_verdict_nor_its_teacher_note_before_the_answer(client):
    case = get_case(EDITED)
    page = client.get(detail(EDITED)).content.decode()
    assert case["post"]["caption"] in page
    assert case["teacher_note"] not in page
    assert "The picture is:" not in page
    assert case["post"]["image"] not in page  # the pack key would give the label away


def test_the_reverse_search_link_shows_the_original_without_javascript(client):
    page = client.get(detail(EDITED), {"tool": "reverse_search"}).content.decode()
    assert "Earlier copy" in page and "SpaceX" in page


def test_with_htmx_a_tool_returns_only_its_result(client):
    response = client.get(detail(EDITED), {"tool": "fact_checks"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="tool-result"' in body and "<html" not in body


def test_an_unknown_tool_gets_a_clear_message_not_a_500(client):
    response = client.get(detail(EDITED), {"tool": "<script>"})
    assert response.status_code == 400 and "There is no such tool." in response.content.decode()


def test_an_unknown_case_is_a_404(client):
    assert client.get(detail("no-such-case")).status_code == 404


def test_the_answer_shows_the_right_verdict_and_the_experts_path(client):
    client.get(detail(EDITED), {"tool": "reverse_search"})
    page = client.post(
        answer(EDITED), {"verdict": "edited", "action": "do_not_share", "pinned": ["reverse_search"]}
    ).content.decode()
    assert "Right verdict" in page and "Your pinned evidence supports the verdict." in page
    assert get_case(EDITED)["teacher_note"] in page


def test_evidence_from_a_tool_never_opened_is_not_counted(client):
    page = client.post(
        answer(EDITED), {"verdict": "edited", "action": "do_not_share", "pinned": ["reverse_search"]}
    ).content.decode()
    assert "does not support" in page


def test_an_answer_without_a_verdict_changes_nothing_and_says_why(client):
    response = client.post(answer(EDITED), {"action": "share"})
    assert response.status_code == 400 and "Choose a verdict." in response.content.decode()


def test_the_generated_expert_has_no_earlier_copy(client):
    page = client.get(detail(FACE), {"tool": "reverse_search"}).content.decode()
    assert "No earlier copy found" in page and "proves nothing" in page


def test_grading_needs_the_right_verdict_for_evidence_to_count():
    case = get_case(EDITED)
    wrong = grade(
        case, verdict="generated", action="do_not_share", pinned=["reverse_search"], opened=["reverse_search"]
    )
    right = grade(
        case, verdict="edited", action="do_not_share", pinned=["reverse_search"], opened=["reverse_search"]
    )
    assert (wrong.evidence_supports, wrong.score) == (False, 0.2)
    assert (right.evidence_supports, right.score, right.directness) == (True, 1.0, 1.0)


def test_opening_tools_off_the_path_lowers_directness():
    case = get_case(EDITED)
    result = grade(
        case, verdict="edited", action="share", pinned=[], opened=["account_history", "reverse_search"]
    )
    assert result.directness == 0.5 and result.score == 0.5


def test_every_case_verdict_is_one_the_form_offers():
    assert {case["verdict"] for case in all_cases()} <= set(VERDICT_LABELS)
