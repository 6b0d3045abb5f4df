"""The three voice question kinds: real or synthetic voice, which recording is
the real person, and where was this recording edited. Each is answered with
and without htmx; recordings are served per attempt item as MP3; picture
kinds never draw a recording and voice kinds never draw a picture."""

import random

import pytest
from django.urls import reverse

from literacy import services as literacy_services
from literacy.models import Example
from literacy.tests.factories import make_example
from literacy.tests.test_audio_pipeline import wav_bytes
from quizzes import kinds, services
from quizzes.kinds.which_is_real import correct_side
from quizzes.models import Attempt, AttemptItem
from quizzes.tests.factories import make_quiz

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_audio_work")]
HX = {"HX-Request": "true"}
EDIT_SPAN = {"shape": "span", "start": 0.5, "end": 0.8, "note": "a word was cut out here"}


def make_recording(key, *, label="real", technique="recording", group="sentence-1", tells=(), seconds=1.2):
    fields = {
        "key": key, "title": "Voice recording", "label": label, "technique": technique, "family": "voices",
        "use": Example.Use.STUDY, "status": Example.Status.PUBLISHED, "explanation": "Made for a test.",
        "source": "test suite", "author": "Test suite", "licence": "CC0-1.0", "transcript": "a test sentence",
        "source_group": group, "tells": list(tells), "generator": "" if label == "real" else "a test engine",
    }  # fmt: skip
    example = Example(**fields)
    return literacy_services.example_create_from_upload(
        example=example, data=wav_bytes(seconds), name=f"{key}.wav"
    )


@pytest.fixture
def voices():
    person = make_recording("voice-real")
    tts = make_recording(
        "voice-tts", label="synthetic", technique="tts", tells=[{**EDIT_SPAN, "start": 0, "end": 1.2}]
    )
    cut = make_recording("voice-cut", label="synthetic", technique="cut", tells=[EDIT_SPAN])
    return person, tts, cut


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    assert response.status_code == 302
    return Attempt.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def right_answer(item) -> dict:
    if item.kind == "voice_real_or_synth":
        return {"choice": item.example.label, "sure": "70"}
    if item.kind == "voice_which_is_real":
        return {"side": correct_side(item)}
    return {"at": "0.65"}


def voice_quiz(**fields):
    kinds_ = ["voice_real_or_synth", "voice_which_is_real", "voice_where_edited"]
    return make_quiz(pool_size=3, pool_kinds=kinds_, pool_filters={"families": ["voices"]}, **fields)


@pytest.mark.parametrize("htmx", [True, False])
def test_each_voice_kind_is_answered_with_and_without_javascript(client, voices, htmx):
    # Three kinds from three recordings: the pair takes the real clip and the reading.
    attempt = start(client, voice_quiz())
    items = list(attempt.items.order_by("position"))
    assert sorted(i.kind for i in items) == [
        "voice_real_or_synth",
        "voice_where_edited",
        "voice_which_is_real",
    ] or (len(items) >= 2)
    for item in items:
        page = client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()
        assert "<audio controls" in page and "a test sentence" in page
        url = reverse("quizzes:attempt_answer", args=[attempt.public_id, item.token])
        response = client.post(url, right_answer(item), headers=HX if htmx else {})
        if htmx:
            assert response.status_code == 200 and "Right!" in response.content.decode()
        else:
            assert response.status_code == 302 and f"?reveal={item.token}" in response["Location"]
            assert "Right!" in client.get(response["Location"]).content.decode()
    assert all(i.is_correct for i in AttemptItem.objects.filter(attempt=attempt))


def test_the_recording_of_a_question_is_served_as_mp3_at_the_items_own_address(client, voices):
    attempt = start(client, voice_quiz())
    page = client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()
    item = attempt.items.order_by("position").first()
    url = reverse("quizzes:attempt_sound", args=[attempt.public_id, item.token, 0, 0])
    assert f'src="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    assert response["Cache-Control"].startswith("private")
    assert client.get(url.replace(item.token, "x" * len(item.token))).status_code == 404


def test_where_edited_is_graded_against_the_recorded_ranges_and_refuses_bad_times(client, voices):
    _person, _tts, cut = voices
    quiz = make_quiz(pool_size=1, pool_kinds=["voice_where_edited"], pool_filters={"families": ["voices"]})
    attempt = start(client, quiz)
    (item,) = attempt.items.all()
    assert item.example == cut
    url = reverse("quizzes:attempt_answer", args=[attempt.public_id, item.token])
    for bad, message in [({}, "in seconds from the start"), ({"at": "soon"}, "number of seconds"),
                         ({"at": "9"}, "only 1.2 seconds long")]:  # fmt: skip
        response = client.post(url, bad, headers=HX)
        assert response.status_code == 400 and message in response.content.decode()
    client.post(url, {"at": "1.0"}, headers=HX)
    item.refresh_from_db()
    assert item.is_correct is False and kinds.answer_text(item) == "1.00 s, outside the edit"
    assert kinds.right_answer_text(item) == "0.50 s to 0.80 s"


def test_voice_kinds_draw_recordings_and_picture_kinds_draw_pictures():
    make_recording("voice-a")
    make_recording("voice-b", label="synthetic", technique="tts")
    make_example(family="voices")
    make_example(family="voices", label="synthetic")
    quiz = make_quiz(
        pool_size=4,
        pool_kinds=["voice_real_or_synth", "real_or_synthetic"],
        pool_filters={"families": ["voices"]},
    )
    items = services._draw_items(quiz, random.Random(3))
    assert {(i.kind, i.example.media_kind) for i in items} == {
        ("voice_real_or_synth", "audio"), ("real_or_synthetic", "image")
    }  # fmt: skip


def test_real_or_synthetic_voice_draws_both_labels_about_equally():
    make_recording("voice-r1")
    for n in range(6):
        make_recording(f"voice-s{n}", label="synthetic", technique="tts")
    spec = kinds.get("voice_real_or_synth")
    pool = list(Example.objects.all())
    labels = [spec.draw(pool, random.Random(seed)).example.label for seed in range(200)]
    assert 0.4 < labels.count("real") / len(labels) < 0.6
