import re

import pytest
from django.urls import reverse

from literacy.models import Example, ExampleView
from quizzes import services
from quizzes.kinds.which_is_real import correct_side
from quizzes.models import Attempt, AttemptItem, Quiz
from quizzes.tests.factories import make_fixed_quiz, make_pool_quiz

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    assert response.status_code == 302
    return Attempt.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def answer_url(attempt, item):
    return reverse("quizzes:attempt_answer", args=[attempt.public_id, item.token])


def right_answer(item) -> dict:
    if item.kind == "real_or_synthetic":
        return {"choice": item.example.label, "sure": "80"}
    if item.kind == "which_is_real":
        return {"side": correct_side(item)}
    if item.kind == "spot":
        return {"x": "0.75", "y": "0.75"}
    return {"choices": [i for i, c in enumerate(item.question.choices) if c["correct"]]}


def test_an_anonymous_learner_takes_a_quiz_of_every_kind_with_feedback(client):
    quiz = make_fixed_quiz()
    attempt = start(client, quiz)
    assert attempt.user is None and attempt.session_key == client.session.session_key
    for item in attempt.items.order_by("position"):
        page = client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()
        assert f"Question {item.position + 1}" in page
        response = client.post(answer_url(attempt, item), right_answer(item), headers=HX)
        assert response.status_code == 200
        assert "Right!" in response.content.decode()
    assert all(i.is_correct for i in attempt.items.all())
    response = client.post(reverse("quizzes:attempt_finish", args=[attempt.public_id]))
    assert response.status_code == 302
    results = client.get(response["Location"]).content.decode()
    assert "100 %" in results and "Nightingale" in results


def test_the_label_stays_on_the_server_until_the_answer_is_in(client):
    quiz = make_fixed_quiz()
    attempt = start(client, quiz)
    html = client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()
    item = attempt.items.get(position=0)
    body = html.split('id="stage"')[1]
    # Addresses carry random tokens, which may spell "GAN" by chance: words
    # are looked for in the text and the other attributes.
    text = re.sub(r'(src|srcset|href|action|hx-[\w-]+)="[^"]*"', "", body)
    assert item.example.get_absolute_url() not in body
    for word in ("synthetic image", "badge", item.example.explanation, "GAN"):
        assert word not in text, word
    assert 'alt="Image to judge"' in body
    reveal = client.post(answer_url(attempt, item), right_answer(item), headers=HX).content.decode()
    assert item.example.get_absolute_url() in reveal and item.example.explanation in reveal


def test_a_repeated_answer_counts_once_and_a_different_one_is_refused(client):
    quiz = make_pool_quiz(2)
    attempt = start(client, quiz)
    item = attempt.items.first()
    data = right_answer(item)
    assert client.post(answer_url(attempt, item), data, headers=HX).status_code == 200
    assert client.post(answer_url(attempt, item), data, headers=HX).status_code == 200
    wrong = {"choice": "real" if item.example.label == "synthetic" else "synthetic", "sure": "90"}
    response = client.post(answer_url(attempt, item), wrong, headers=HX)
    assert response.status_code == 409
    assert "first answer counts" in response.content.decode()
    item.refresh_from_db()
    assert item.is_correct is True and item.response == {"choice": item.example.label}
    attempt.refresh_from_db()
    assert (attempt.answered_count, attempt.item_count) == (1, 2)


def test_an_answer_that_loses_the_race_to_finish_is_rolled_back(client):
    # The item was read before another request finished the attempt: the
    # guarded UPDATE on the attempt refuses the answer and undoes the item's.
    quiz = make_pool_quiz(2)
    attempt = start(client, quiz)
    item = AttemptItem.objects.for_answer().get(pk=attempt.items.first().pk)
    Attempt.objects.filter(pk=attempt.pk).update(finished_at=attempt.started_at)
    with pytest.raises(services.AttemptClosed):
        services.attempt_answer(item=item, response={"choice": "real"}, confidence=30)
    item.refresh_from_db()
    attempt.refresh_from_db()
    assert item.answered_at is None and attempt.answered_count == 0


def test_tampering_is_refused_and_changes_nothing(client, learner):
    quiz = make_pool_quiz(2)
    attempt = start(client, quiz)
    item = attempt.items.first()
    other = start(client, make_pool_quiz(2))
    foreign_item = other.items.first()
    # A token from another attempt.
    assert client.post(answer_url(attempt, foreign_item), right_answer(foreign_item)).status_code == 404
    # Garbage input.
    response = client.post(answer_url(attempt, item), {"choice": "maybe", "sure": "500"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    # Someone else's attempt.
    client.force_login(learner)
    assert client.post(answer_url(attempt, item), right_answer(item)).status_code == 404
    # None of the refused posts stored anything.
    assert not AttemptItem.objects.filter(answered_at__isnull=False).exists()


def test_a_finished_attempt_refuses_answers(client):
    quiz = make_pool_quiz(2)
    attempt = start(client, quiz)
    services.attempt_finish(attempt=attempt)
    item = attempt.items.first()
    response = client.post(answer_url(attempt, item), right_answer(item), headers=HX)
    assert response.status_code == 409
    assert not AttemptItem.objects.filter(answered_at__isnull=False).exists()


def test_feedback_at_the_end_shows_the_next_question_not_the_answer(client):
    quiz = make_pool_quiz(3, feedback=Quiz.Feedback.END)
    attempt = start(client, quiz)
    first = attempt.items.order_by("position").first()
    html = client.post(answer_url(attempt, first), right_answer(first), headers=HX).content.decode()
    assert "Right!" not in html and "Not this time" not in html
    assert "Question 2" in html


def test_the_last_answer_with_feedback_at_the_end_offers_finish_without_reading_the_items(
    client, django_assert_num_queries
):
    quiz = make_pool_quiz(2, feedback=Quiz.Feedback.END)
    attempt = start(client, quiz)
    first, last = attempt.items.select_related("example").order_by("position")
    response = client.post(answer_url(attempt, first), right_answer(first), headers=HX)
    assert "Question 2" in response.content.decode()
    url, data = answer_url(attempt, last), right_answer(last)
    # Session; the item; the two guarded UPDATEs between a savepoint pair.
    # Every item is answered (the attempt's count says so): no item to read.
    with django_assert_num_queries(6):
        response = client.post(url, data, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "2 of 2 answered" in html
    assert "All questions answered" in html and "Question 2" not in html
    assert reverse("quizzes:attempt_finish", args=[attempt.public_id]) in html


def test_leaving_and_coming_back_resumes_the_same_attempt(client):
    quiz = make_pool_quiz(3)
    attempt = start(client, quiz)
    first = attempt.items.order_by("position").first()
    client.post(answer_url(attempt, first), right_answer(first))
    again = start(client, quiz)
    assert again.pk == attempt.pk
    assert (
        "1 of 3 answered" in client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()
    )


def test_without_javascript_answers_redirect_and_reveal(client):
    quiz = make_fixed_quiz()
    attempt = start(client, quiz)
    item = attempt.items.get(position=0)
    response = client.post(answer_url(attempt, item), right_answer(item))
    assert response.status_code == 302 and f"reveal={item.token}" in response["Location"]
    assert "Right!" in client.get(response["Location"]).content.decode()


def test_the_no_javascript_spot_click_is_normalised(client):
    quiz = make_fixed_quiz()
    attempt = start(client, quiz)
    spot = attempt.items.get(kind="spot")
    client.post(answer_url(attempt, spot), {"spot.x": "300", "spot.y": "310"})
    spot.refresh_from_db()
    assert spot.is_correct and 0.9 < spot.response["x"] <= 1


def test_attempts_allowed_is_enforced(client):
    quiz = make_pool_quiz(2, attempts_allowed=1)
    attempt = start(client, quiz)
    services.attempt_finish(attempt=attempt)
    response = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    assert response.status_code == 302 and response["Location"] == quiz.get_absolute_url()
    assert Attempt.objects.count() == 1


def test_graded_quizzes_draw_only_assessment_items_and_unlock_them_in_the_library(client, student):
    make_pool_quiz(2)  # study examples that must not be drawn
    quiz = make_pool_quiz(2, use=Example.Use.ASSESSMENT, kind=Quiz.Kind.GRADED)
    client.force_login(student)
    attempt = start(client, quiz)
    assert all(i.example.use == "assessment" for i in attempt.items.all())
    item = attempt.items.first()
    assert client.get(item.example.get_absolute_url()).status_code == 404
    client.post(answer_url(attempt, item), right_answer(item))
    assert ExampleView.objects.filter(user=student, example=item.example).exists()
    assert client.get(item.example.get_absolute_url()).status_code == 200


def test_session_attempts_move_to_the_account(client, learner):
    quiz = make_pool_quiz(2)
    attempt = start(client, quiz)
    moved = services.attempts_claim_session(session_key=client.session.session_key, user=learner)
    assert moved == 1
    attempt.refresh_from_db()
    assert attempt.user == learner and attempt.session_key == ""


@pytest.mark.parametrize("size", [5, 40])
def test_the_answer_view_makes_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    quiz = make_pool_quiz(size)
    attempt = start(client, quiz)
    item = attempt.items.order_by("position").first()
    url, data = answer_url(attempt, item), right_answer(item)
    # Session; the item with its attempt, quiz and examples; the two guarded
    # UPDATEs between a savepoint pair; the example's renditions.
    with django_assert_num_queries(7):
        response = client.post(url, data, headers=HX)
    assert response.status_code == 200 and "Right!" in response.content.decode()
    assert AttemptItem.objects.get(pk=item.pk).is_correct


@pytest.mark.parametrize("size", [5, 40])
def test_a_signed_in_learners_answer_and_next_question_ask_no_gate_query_outside_a_class(
    client, learner, size, django_assert_num_queries
):
    client.force_login(learner)
    quiz = make_pool_quiz(size)
    attempt = start(client, quiz)
    first, second = attempt.items.select_related("example").order_by("position")[:2]
    url, data = answer_url(attempt, first), right_answer(first)
    # Session, user; the item with its attempt, quiz, examples and the (absent)
    # assignment link the due-date gate reads; the guarded UPDATEs between a
    # savepoint pair; the example's renditions. No query of the gate's own.
    with django_assert_num_queries(8):
        response = client.post(url, data, headers=HX)
    assert response.status_code == 200 and "Right!" in response.content.decode()
    # Session, user; the attempt with its quiz and link; the next item; its
    # renditions; the UPDATE that starts its clock.
    with django_assert_num_queries(6):
        response = client.get(reverse("quizzes:attempt_next", args=[attempt.public_id]), headers=HX)
    assert response.status_code == 200 and second.token in response.content.decode()
    assert AttemptItem.objects.get(pk=second.pk).shown_at is not None


# A quiz image's address is the attempt item's own: attempt, item token, slot, width.
MEDIA_RE = r"/quizzes/attempt/[A-Za-z0-9_-]{12}/media/[A-Za-z0-9_-]{12}/[01]/\d+\.webp"


def _normalised_stage(html: str) -> str:
    stage = html.split('id="stage"')[1].split('class="small muted">Your answers')[0]
    stage = re.sub(MEDIA_RE, "IMG", stage)
    stage = re.sub(r'value="[A-Za-z0-9]{64}"', 'value="CSRF"', stage)
    stage = re.sub(r"/answer/[A-Za-z0-9_-]+/", "/answer/TOKEN/", stage)
    return re.sub(r"Question \d+|\d+ of \d+ answered|aria-valuenow=\"\d+\"|bar-\d+", "N", stage)


def test_quiz_pages_are_identical_for_real_and_synthetic_items_but_for_the_pixels(client):
    quiz = make_pool_quiz(4)
    attempt = start(client, quiz)
    pages = {}
    for item in attempt.items.order_by("position"):
        html = client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()
        srcs = re.findall(r'src="([^"]+)"', html.split('id="stage"')[1])
        assert srcs and all(re.fullmatch(MEDIA_RE, s) for s in srcs)
        pages.setdefault(item.example.label, set()).add(_normalised_stage(html))
        client.post(answer_url(attempt, item), right_answer(item))
    assert set(pages) == {"real", "synthetic"}
    # The markup a learner gets is the same whichever the answer: only the image bytes differ.
    assert pages["real"] == pages["synthetic"] and len(pages["real"]) == 1


def test_every_image_a_quiz_serves_is_bare_webp_and_pairs_match_in_size(client):
    """The leak audit on the bytes: what the quiz pages link to."""
    import io

    from PIL import Image

    quiz = make_fixed_quiz()
    attempt = start(client, quiz)
    seen = []
    for item in attempt.items.order_by("position"):
        html = client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()
        stage = html.split('id="stage"')[1]
        urls = sorted(set(re.findall(MEDIA_RE, stage)))
        sizes = set()
        for url in urls:
            response = client.get(url)
            data = b"".join(response.streaming_content)
            assert response["Content-Type"] == "image/webp" and data[8:12] == b"WEBP"
            for chunk in (b"EXIF", b"XMP ", b"ICCP"):
                assert chunk not in data, (url, chunk)
            with Image.open(io.BytesIO(data)) as image:
                assert not image.getexif() and image.format == "WEBP"
                sizes.add(image.width)
        if item.kind == "which_is_real":
            # Both sides come in the same widths, whichever is real.
            assert len(urls) == 4 and len(sizes) == 2
        seen.extend(urls)
        client.post(answer_url(attempt, item), right_answer(item))
    assert seen


def test_a_quiz_image_has_an_address_of_its_own_in_each_attempt_for_its_learner_only(client, learner):
    quiz = make_pool_quiz(2, kinds=("real_or_synthetic",))
    first, second = start(client, quiz), None
    page = client.get(reverse("quizzes:attempt", args=[first.public_id])).content.decode()
    url = re.findall(MEDIA_RE, page)[0]
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, max-age=86400"
    for item in first.items.all():
        client.post(answer_url(first, item), right_answer(item))
    services.attempt_finish(attempt=first)
    second = start(client, quiz)
    again = client.get(reverse("quizzes:attempt", args=[second.public_id])).content.decode()
    assert url not in again and re.findall(MEDIA_RE, again)
    # Not the learner's: not found. Quiz renditions are not served by the library's /m/ either.
    client.force_login(learner)
    assert client.get(url).status_code == 404
    token = first.items.first().example.renditions.filter(purpose="quiz").first().token
    assert client.get(reverse("literacy:media", args=[token])).status_code == 404


def test_multiple_choice_options_are_shuffled_per_attempt_and_kept_on_resume(client):
    quiz = make_fixed_quiz()
    orders = set()
    for seed in range(8):
        attempt = services.attempt_start(
            quiz=quiz, session_key=f"s{seed}", rng=__import__("random").Random(seed)
        )
        item = attempt.items.get(kind="multiple_choice")
        assert sorted(item.choice_order) == [0, 1, 2]
        orders.add(tuple(item.choice_order))
    assert len(orders) > 1
    attempt = start(client, quiz)
    mc = attempt.items.get(kind="multiple_choice")
    for item in attempt.items.order_by("position"):
        if item.pk == mc.pk:
            break
        client.post(answer_url(attempt, item), right_answer(item))
    shown = [
        int(v)
        for v in re.findall(
            r'name="choices" value="(\d)"',
            client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode(),
        )
    ]
    assert shown == mc.choice_order
    again = [
        int(v)
        for v in re.findall(
            r'name="choices" value="(\d)"',
            client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode(),
        )
    ]
    assert again == shown
    # Answers name the choices, not their places: the right ones are still right.
    response = client.post(answer_url(attempt, mc), right_answer(mc), headers=HX)
    assert response.status_code == 200 and "Right!" in response.content.decode()


def test_a_graded_quiz_is_taken_once_whichever_way_it_is_opened(client, learner):
    quiz = make_pool_quiz(2, kind=Quiz.Kind.PRETEST, use=Example.Use.ASSESSMENT, attempts_allowed=0)
    client.force_login(learner)
    first = start(client, quiz)
    services.attempt_finish(attempt=first)
    response = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    assert response.status_code == 302 and Attempt.objects.filter(quiz=quiz).count() == 1
    with pytest.raises(services.NotAllowed):
        services.attempt_start(quiz=quiz, user=learner)
