"""The investigate question kind: tools opened as kept steps, the verdict graded on evidence,
the picture under the item's own address, and the graded forms' cases kept out of practice."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from investigations import graded
from investigations.cases import all_cases, get_case
from quizzes import kinds, services
from quizzes.models import AttemptItem, Question, Quiz

pytestmark = pytest.mark.django_db

EDITED = "launch-pad"  # an edited photograph whose original the reverse search finds
FACE = "dr-lena-varga"  # a generated face: nothing to find, the account and the eyes tell
HX = {"HX-Request": "true"}


def make_quiz(*case_keys, feedback=Quiz.Feedback.EACH, kind=Quiz.Kind.PRACTICE):
    quiz = Quiz.objects.create(key=f"cases-{kind}-{len(case_keys)}", title="Cases", kind=kind,
                               feedback=feedback, shuffle=False)  # fmt: skip
    for position, key in enumerate(case_keys):
        Question.objects.create(quiz=quiz, position=position, **graded.question(get_case(key)))
    return quiz


def start(client, quiz):
    client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    item = AttemptItem.objects.filter(attempt__quiz=quiz).order_by("position").first()
    answer_url = reverse("quizzes:attempt_answer", args=[item.attempt.public_id, item.token])
    return item, answer_url


def test_the_question_shows_the_post_but_not_the_case_key_the_verdict_or_the_note(client):
    item, _ = start(client, make_quiz(EDITED))
    page = client.get(reverse("quizzes:attempt", args=[item.attempt.public_id])).content.decode()
    case = get_case(EDITED)
    assert case["post"]["caption"] in page and case["post"]["account"] in page
    assert EDITED not in page and case["post"]["image"] not in page
    assert case["teacher_note"] not in page
    assert 'name="tool" value="reverse_search" formnovalidate' in page


def test_opening_a_tool_without_javascript_keeps_the_step_and_shows_its_result(client):
    item, url = start(client, make_quiz(EDITED))
    response = client.post(url, {"tool": "reverse_search", "verdict": "edited"})
    assert response.status_code == 302 and response.url.endswith(f"#latest-{item.token}")
    item.refresh_from_db()
    assert [(s["tool"], s["verdict"]) for s in item.work] == [("reverse_search", "edited")]
    assert item.answered_at is None and item.response == {}
    page = client.get(response.url.split("#")[0]).content.decode()
    assert "Earlier copy" in page and f'id="latest-{item.token}"' in page
    # The verdict held when the tool was opened is selected again.
    assert 'value="edited" required checked' in page


def test_with_htmx_a_tool_swaps_the_question_and_focuses_the_result(client):
    item, url = start(client, make_quiz(EDITED))
    body = client.post(url, {"tool": "fact_checks"}, headers=HX).content.decode()
    assert "<html" not in body
    assert f'id="latest-{item.token}" tabindex="-1" data-autofocus' in body
    assert '<h2 tabindex="-1">Question 1</h2>' in body  # the heading does not steal the focus


def test_an_unknown_tool_is_refused_with_a_message_and_nothing_is_kept(client):
    item, url = start(client, make_quiz(EDITED))
    response = client.post(url, {"tool": "<script>"})
    assert response.status_code == 400 and "There is no such tool." in response.content.decode()
    item.refresh_from_db()
    assert item.work == []


def test_a_right_verdict_backed_by_supporting_evidence_is_right(client):
    item, url = start(client, make_quiz(EDITED))
    client.post(url, {"tool": "account_history"})
    client.post(url, {"tool": "reverse_search", "verdict": "generated"})
    response = client.post(url, {"verdict": "edited", "action": "do_not_share", "pinned": ["reverse_search"]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_correct is True
    assert item.response == {"verdict": "edited", "action": "do_not_share", "pinned": ["reverse_search"],
                             "opened": ["account_history", "reverse_search"]}  # fmt: skip
    page = client.get(response.url).content.decode()
    assert "Right!" in page and "An expert's path" in page and get_case(EDITED)["teacher_note"] in page
    assert "50 % of them were on an expert's path" in page


def test_a_right_verdict_with_no_evidence_is_not_right(client):
    item, url = start(client, make_quiz(EDITED))
    client.post(url, {"verdict": "edited", "action": "do_not_share"})
    item.refresh_from_db()
    assert item.is_answered and item.is_correct is False
    assert kinds.answer_text(item) == "Edited; opened no tool; pinned nothing; do not share it"
    assert kinds.right_answer_text(item) == "Edited, backed by Reverse image search; do not share it"


def test_pinning_a_tool_never_opened_is_refused(client):
    item, url = start(client, make_quiz(EDITED))
    response = client.post(url, {"verdict": "edited", "action": "do_not_share", "pinned": ["reverse_search"]})
    assert response.status_code == 400 and "You can pin only a tool you opened." in response.content.decode()
    item.refresh_from_db()
    assert not item.is_answered


def test_a_missing_verdict_gets_a_clear_message(client):
    _item, url = start(client, make_quiz(EDITED))
    response = client.post(url, {"action": "share"})
    assert response.status_code == 400 and "Choose a verdict." in response.content.decode()


def test_no_step_is_kept_once_the_item_is_answered(client):
    item, url = start(client, make_quiz(EDITED, FACE))
    client.post(url, {"verdict": "edited", "action": "do_not_share"})
    response = client.post(url, {"tool": "reverse_search"})
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.work == []


def test_steps_are_bounded(client):
    _item, url = start(client, make_quiz(EDITED))
    for _ in range(services.MAX_WORK_STEPS):
        client.post(url, {"tool": "account_history"})
    response = client.post(url, {"tool": "account_history"})
    assert response.status_code == 400 and "give your answer now" in response.content.decode()


def test_the_picture_is_served_to_its_learner_only_and_without_a_file_name(client, django_user_model):
    item, _ = start(client, make_quiz(EDITED))
    url = reverse("investigations:item_image", args=[item.attempt.public_id, item.token])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    assert "Content-Disposition" not in response and "private" in response["Cache-Control"]
    from django.test import Client

    assert Client().get(url).status_code == 404


def test_the_practice_case_picture_has_no_file_name_either(client):
    response = client.get(reverse("investigations:case_image", args=["midnight-sky"]))
    assert response.status_code == 200 and "Content-Disposition" not in response


def test_a_finished_attempt_reviews_each_case_with_the_experts_path(client):
    quiz = make_quiz(FACE, feedback=Quiz.Feedback.END, kind=Quiz.Kind.GRADED)
    item, url = start(client, quiz)
    client.post(url, {"tool": "account_history"})
    client.post(url, {"verdict": "generated", "action": "report", "pinned": ["account_history"]})
    client.post(reverse("quizzes:attempt_finish", args=[item.attempt.public_id]))
    page = client.get(reverse("quizzes:attempt_results", args=[item.attempt.public_id])).content.decode()
    assert "Right" in page and "An expert's path" in page and "Investigate a post" in page


# The graded forms ------------------------------------------------------------------


@pytest.fixture
def seeded(db):
    call_command("seed_quizzes", verbosity=0)
    call_command("seed_case_quizzes", verbosity=0)


def form_cases(key):
    quiz = Quiz.objects.get(key=key)
    return [get_case(q.setup["case"]) for q in quiz.questions.filter(kind=graded.KIND).order_by("position")]


def test_both_forms_get_the_same_mix_of_verdicts_and_share_no_picture(seeded):
    pre, post = form_cases("pre-test"), form_cases("post-test")
    assert (
        sorted(c["verdict"] for c in pre)
        == sorted(c["verdict"] for c in post)
        == sorted(graded.FORM_VERDICTS)
    )
    pre_pictures = set().union(*(graded.pictures(c) for c in pre))
    post_pictures = set().union(*(graded.pictures(c) for c in post))
    assert not pre_pictures & post_pictures


def test_always_the_same_verdict_scores_the_same_on_both_forms(seeded):
    for verdict in graded.FORM_VERDICTS:
        scores = [sum(c["verdict"] == verdict for c in form_cases(key)) for key in ("pre-test", "post-test")]
        assert scores[0] == scores[1]


def test_a_form_case_never_shows_a_picture_the_form_already_judges(seeded):
    for key in ("pre-test", "post-test"):
        quiz = Quiz.objects.get(key=key)
        judged = {e.key for q in quiz.questions.select_related("example", "example_b")
                  for e in (q.example, q.example_b) if e is not None}  # fmt: skip
        assert not judged & set().union(*(graded.pictures(c) for c in form_cases(key)))


def test_cases_on_a_graded_form_are_kept_out_of_practice(client, seeded):
    on_forms = {c["key"] for key in ("pre-test", "post-test") for c in form_cases(key)}
    listing = client.get(reverse("investigations:case_list")).content.decode()
    for key in on_forms:
        assert reverse("investigations:case_detail", args=[key]) not in listing
        assert client.get(reverse("investigations:case_detail", args=[key])).status_code == 404
    practice = {q.setup["case"] for q in Quiz.objects.get(key=graded.PRACTICE_QUIZ_KEY).questions.all()}
    assert len(practice) == graded.PRACTICE_SIZE and not practice & on_forms
    assert {get_case(k)["verdict"] for k in practice} >= {"edited", "generated", "miscaptioned"}


def test_seeding_again_keeps_the_questions_attempts_point_at(seeded):
    before = set(Question.objects.filter(kind=graded.KIND).values_list("pk", flat=True))
    call_command("seed_quizzes", verbosity=0)
    call_command("seed_case_quizzes", verbosity=0)
    assert set(Question.objects.filter(kind=graded.KIND).values_list("pk", flat=True)) == before


def test_every_case_can_be_asked():
    # Every case in the file has a post, a verdict and supporting tools the kind can grade.
    for case in all_cases():
        assert case["verdict"] in (*graded.FORM_VERDICTS, "cannot_tell")
        assert case["post"]["caption"] and case["supporting_tools"]


def test_a_learners_data_download_carries_their_working(client, learner):
    client.force_login(learner)
    _item, url = start(client, make_quiz(EDITED))
    client.post(url, {"tool": "reverse_search", "verdict": "edited"})
    client.post(url, {"verdict": "edited", "action": "do_not_share", "pinned": ["reverse_search"]})
    data = json.loads(client.get(reverse("learners:download_data")).content)
    answer = data["attempts"][0]["answers"][0]
    assert answer["kind"] == "investigate" and answer["skipped_listening_optional"] is False
    assert [step["tool"] for step in answer["working"]] == ["reverse_search"]


def test_every_step_of_an_experts_path_reads_as_words_not_a_key():
    from investigations.cases import step_labels

    for case in all_cases():
        for label in step_labels(case["expert_path"]):
            assert "_" not in label and label[0].isupper(), (case["key"], label)


def test_a_case_question_names_its_post_for_teachers():
    question = make_quiz(EDITED).questions.get()
    assert (
        kinds.question_text(AttemptItem(kind=question.kind, question=question))
        == f"Check the post “{get_case(EDITED)['post']['caption']}”"
    )


def test_a_graded_cases_picture_leaves_the_library_and_practice(client):
    from literacy.models import Example
    from literacy.tests.factories import make_example

    on_form, free = get_case(EDITED), get_case("midnight-sky")
    posted = make_example(key=on_form["post"]["image"], label="synthetic", technique="retouch")
    other = make_example(key=free["post"]["image"], label="synthetic", technique="retouch")
    assert {posted, other} <= set(Example.objects.study())
    make_quiz(EDITED, kind=Quiz.Kind.PRETEST)  # now a graded form asks about EDITED
    assert posted not in Example.objects.study() and other in Example.objects.study()
    assert client.get(reverse("literacy:example_detail", args=[posted.public_id])).status_code == 404
    assert client.get(reverse("literacy:example_detail", args=[other.public_id])).status_code == 200
    assert posted.public_id not in client.get(reverse("literacy:library")).content.decode()
