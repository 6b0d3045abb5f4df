"""Voice-message cases: a 'relative' asks for money from an unknown number, and the right move is to ask
them another way. The page plays the recording with its transcript, the tools answer honestly for audio,
grading backs 'cannot tell yet' with the account's history or a fact-check, the quiz serves the recording
to its learner only, and no voice case goes on a graded form."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from investigations import audio_metadata, graded
from investigations.build_cases import VOICES
from investigations.cases import all_cases, get_case, is_voice, posted_path, run_tool
from investigations.grading import grade
from quizzes.models import AttemptItem, Question, Quiz

VOICE = "grandson-crash"  # with a police warning among the fact-checks
NO_FACT_CHECK = "nephew-stranded"  # no article yet: the account history carries it
INDEX = json.loads(VOICES.read_text())["messages"]


def voice_cases():
    return [case for case in all_cases() if is_voice(case)]


def detail(key):
    return reverse("investigations:case_detail", args=[key])


# The cases and their recordings ----------------------------------------------------------------


def test_there_are_two_to_four_voice_cases_each_answered_by_asking_another_way():
    cases = voice_cases()
    assert 2 <= len(cases) <= 4
    for case in cases:
        assert (case["verdict"], case["action"]) == ("cannot_tell", "ask_another_way")
        assert case["post"]["image"] is None and case["archive"] == [] and case["original"] is None
        assert "not in your contacts" in case["account_history"]
        assert "euros" in case["post"]["transcript"]
        assert case["teacher_note"] and case["supporting_tools"]


def test_each_recording_is_the_file_its_provenance_describes():
    for case in voice_cases():
        entry = INDEX[case["post"]["audio"]]
        data = posted_path(case).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert 8 <= entry["duration_s"] <= 20 and case["post"]["duration_s"] == entry["duration_s"]
        assert case["post"]["transcript"] == entry["transcript"]
        # Synthetic, an invented speaker, and the voice's licence lineage recorded.
        assert entry["synthetic"] and entry["speaker_is_invented"]
        assert "Piper" in entry["engine"] and "joe" in entry["voice"]
        assert entry["noncommercial"] and "non-commercial" in entry["lineage"]
        assert isinstance(entry["seed"], int)


# The case page -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_page_plays_the_recording_and_shows_its_transcript(client):
    case = get_case(VOICE)
    page = client.get(detail(VOICE)).content.decode()
    media = reverse("investigations:case_image", args=[VOICE])
    assert f'<audio controls preload="metadata" src="{media}" aria-describedby="transcript-post">' in page
    assert f'<a href="{media}">Open the voice message</a>' in page  # without audio support, a link
    transcript = case["post"]["transcript"].replace("'", "&#x27;")
    assert '<figcaption id="transcript-post">' in page and transcript in page
    assert 'alt="The picture in the post"' not in page
    assert "What is this voice message?" in page and "voice message, 12 s" in page
    # Neither the recording's file name nor the verdict is on the page before the answer.
    assert case["post"]["audio"] not in page and ".mp3" not in page
    assert case["teacher_note"] not in page


@pytest.mark.django_db
def test_the_recording_is_served_as_audio_with_no_file_name(client):
    response = client.get(reverse("investigations:case_image", args=[VOICE]))
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    assert response.content == posted_path(get_case(VOICE)).read_bytes()
    assert "Content-Disposition" not in response and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_picture_cases_still_show_a_picture(client):
    page = client.get(detail("launch-pad")).content.decode()
    assert 'alt="The picture in the post"' in page and "<audio" not in page
    assert "What is this picture?" in page
    response = client.get(reverse("investigations:case_image", args=["launch-pad"]))
    assert response["Content-Type"].startswith("image/")


@pytest.mark.django_db
def test_the_case_list_marks_voice_messages(client):
    listing = client.get(reverse("investigations:case_list")).content.decode()
    for case in voice_cases():
        assert detail(case["key"]) in listing
    assert "(voice message)" in listing


# The tools, honestly ---------------------------------------------------------------------------


def test_the_picture_tools_say_they_work_on_pictures_only():
    case = get_case(VOICE)
    assert run_tool(case, "reverse_search") == {"matches": [], "pictures_only": True}
    assert run_tool(case, "compare_faces") == {"faces": {"state": "no_picture"}}


def test_the_metadata_tool_reads_the_audio_container():
    found = run_tool(get_case(VOICE), "metadata")["metadata"]
    assert found["audio"] and found["format"] == "MP3 (MPEG-2 Layer III)"
    assert (found["rate"], found["channels"], found["bitrate"]) == (16000, "mono", 48)
    assert found["tags"] == []  # the finishing chain writes no tags
    assert abs(found["duration_s"] - get_case(VOICE)["post"]["duration_s"]) < 0.5


def test_content_credentials_find_none_in_the_recording():
    assert run_tool(get_case(VOICE), "content_credentials")["credentials"].state == "none"


def test_every_tool_answers_for_every_voice_case():
    for case in voice_cases():
        for tool in ("reverse_search", "account_history", "fact_checks", "content_credentials", "metadata",
                     "compare_faces"):  # fmt: skip
            assert isinstance(run_tool(case, tool), dict)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tool", "says"),
    [
        ("reverse_search", "Reverse image search works on pictures only."),
        ("compare_faces", "This post has no picture."),
        ("metadata", "No tags in this file"),
        ("content_credentials", "No Content Credentials in this file."),
        ("account_history", "is not in your contacts"),
    ],
)
def test_each_tool_says_plainly_what_it_found_in_a_recording(client, tool, says):
    body = client.get(detail(VOICE), {"tool": tool}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in body and says.replace("'", "&#x27;") in body
    if tool in ("metadata", "content_credentials"):
        assert "proves nothing" in body


@pytest.mark.django_db
def test_a_message_no_one_has_written_about_yet_says_so(client):
    assert run_tool(get_case(NO_FACT_CHECK), "fact_checks") == {"articles": []}
    page = client.get(detail(NO_FACT_CHECK), {"tool": "fact_checks"}).content.decode()
    assert "No fact-check or news article mentions this post." in page


# Reading an MP3's own headers -----------------------------------------------------------------


def id3v2(*frames: tuple[bytes, str]) -> bytes:
    body = b"".join(
        name
        + len(value.encode("latin-1") + b"\x00").to_bytes(4, "big")
        + b"\x00\x00"
        + b"\x00"
        + value.encode()
        for name, value in frames
    )
    size = len(body)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + syncsafe + body


def test_tags_before_and_after_the_stream_are_read_and_the_stream_still_found():
    mp3 = posted_path(get_case(VOICE)).read_bytes()
    v1 = (
        b"TAG"
        + b"Voice memo".ljust(30, b"\x00")
        + b"Ana".ljust(30, b"\x00")
        + bytes(30)
        + b"2026"
        + bytes(31)
    )
    tagged = id3v2((b"TIT2", "Voice memo 12"), (b"TSSE", "Recorder 2.1")) + mp3 + v1
    found = audio_metadata.read(tagged)
    assert found["tags"] == [("Title", "Voice memo 12"), ("Encoder settings", "Recorder 2.1"),
                             ("Title", "Voice memo"), ("Artist", "Ana"), ("Year", "2026")]  # fmt: skip
    assert found["format"] == "MP3 (MPEG-2 Layer III)" and found["rate"] == 16000
    assert abs(found["duration_s"] - audio_metadata.read(mp3)["duration_s"]) < 0.1


def test_a_file_with_no_mpeg_frame_is_reported_as_unknown():
    assert audio_metadata.read(b"not a recording at all")["format"] == "unknown"


def test_a_variable_bitrate_file_takes_its_length_from_the_xing_frame():
    # An MPEG-1 Layer III mono frame header at 44.1 kHz, then a Xing frame saying 100 frames.
    header = bytes([0xFF, 0xFB, 0x90, 0xC4])
    frame = header + bytes(17) + b"Xing" + (1).to_bytes(4, "big") + (100).to_bytes(4, "big")
    found = audio_metadata.read(frame + bytes(400))
    assert found["bitrate_mode"] == "variable"
    assert found["duration_s"] == round(100 * 1152 / 44100, 1)


# Grading ------------------------------------------------------------------------------------------


def test_cannot_tell_backed_by_the_account_history_and_asking_another_way_is_full_marks():
    case = get_case(VOICE)
    result = grade(case, verdict="cannot_tell", action="ask_another_way", pinned=["account_history"],
                   opened=["reverse_search", "account_history", "fact_checks"])  # fmt: skip
    assert result.verdict_correct and result.evidence_supports and result.action_correct
    assert result.score == 1.0 and result.directness == 0.67


def test_pinning_only_what_proves_nothing_does_not_back_the_verdict():
    case = get_case(VOICE)
    result = grade(case, verdict="cannot_tell", action="ask_another_way",
                   pinned=["metadata", "content_credentials"], opened=["metadata", "content_credentials"])  # fmt: skip
    assert result.verdict_correct and not result.evidence_supports and result.score == 0.7


def test_calling_it_generated_is_not_the_verdict_the_tools_can_back():
    case = get_case(VOICE)
    result = grade(case, verdict="generated", action="report", pinned=["fact_checks"], opened=["fact_checks"])
    assert not result.verdict_correct and not result.evidence_supports and result.score == 0.0


def test_without_a_fact_check_the_account_history_alone_backs_the_verdict():
    case = get_case(NO_FACT_CHECK)
    assert case["supporting_tools"] == ["account_history"]
    assert not grade(case, verdict="cannot_tell", action="ask_another_way", pinned=["fact_checks"],
                     opened=["fact_checks"]).evidence_supports  # fmt: skip


@pytest.mark.django_db
def test_the_practice_page_grades_a_voice_case_and_then_shows_the_teacher_note(client):
    client.get(detail(VOICE), {"tool": "account_history"})
    page = client.post(
        reverse("investigations:case_answer", args=[VOICE]),
        {"verdict": "cannot_tell", "action": "ask_another_way", "pinned": ["account_history"]},
    ).content.decode()
    assert "Right verdict" in page and "Your pinned evidence supports the verdict." in page
    assert "The voice message is: <strong>Cannot tell yet</strong>" in page
    assert "Ask the sender another way" in page and "Call back on the number you already have" in page
    assert "Piper" in page  # the teacher note says how the recording was really made


# The quiz question --------------------------------------------------------------------------------


def start(client, *keys):
    quiz = Quiz.objects.create(key="voice-cases", title="Voice cases", shuffle=False)
    for position, key in enumerate(keys):
        Question.objects.create(quiz=quiz, position=position, **graded.question(get_case(key)))
    client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    item = AttemptItem.objects.filter(attempt__quiz=quiz).order_by("position").first()
    return item, reverse("quizzes:attempt_answer", args=[item.attempt.public_id, item.token])


@pytest.mark.django_db
def test_the_quiz_question_plays_the_recording_under_the_items_own_address(client):
    item, _ = start(client, VOICE)
    page = client.get(reverse("quizzes:attempt", args=[item.attempt.public_id])).content.decode()
    media = reverse("investigations:item_image", args=[item.attempt.public_id, item.token])
    assert (
        f'<audio controls preload="metadata" src="{media}" aria-describedby="transcript-{item.token}">'
        in page
    )
    assert f'id="transcript-{item.token}"' in page and "nine hundred euros" in page
    assert "What is this voice message?" in page
    assert VOICE not in page and "sam-crash" not in page and 'alt="The picture in the post"' not in page


@pytest.mark.django_db
def test_the_quiz_recording_is_served_to_its_learner_only(client):
    item, _ = start(client, VOICE)
    url = reverse("investigations:item_image", args=[item.attempt.public_id, item.token])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    assert response.content == posted_path(get_case(VOICE)).read_bytes()
    assert "Content-Disposition" not in response and "private" in response["Cache-Control"]
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_a_voice_question_is_answered_with_a_tool_step_and_graded(client):
    item, url = start(client, VOICE)
    client.post(url, {"tool": "reverse_search"})
    step = client.post(
        url, {"tool": "account_history", "verdict": "cannot_tell"}, headers={"HX-Request": "true"}
    )
    assert (
        "works on pictures only" in step.content.decode()
        and "is not in your contacts" in step.content.decode()
    )
    response = client.post(
        url, {"verdict": "cannot_tell", "action": "ask_another_way", "pinned": ["account_history"]}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_correct is True
    assert [s["tool"] for s in item.work] == ["reverse_search", "account_history"]
    page = client.get(response.url).content.decode()
    assert "The voice message: <strong>cannot tell yet</strong>" in page and "50 % of them" in page


# The graded forms ---------------------------------------------------------------------------------


def test_form_cases_pass_over_a_voice_case_whatever_its_verdict():
    # A voice case that would be the first pick for "generated" (its key sorts first) if it were a picture.
    voice = {**get_case(VOICE), "key": "aaa-voice", "verdict": "generated"}
    as_picture = {**voice, "post": {**voice["post"], "audio": None, "image": "stylegan-9999"}}
    pool = [*all_cases(), voice]
    assert "aaa-voice" not in {c["key"] for form in graded.form_cases(pool, {}).values() for c in form}
    picked = graded.form_cases([*all_cases(), as_picture], {})
    assert "aaa-voice" in {
        c["key"] for form in picked.values() for c in form
    }  # the exclusion is what keeps it off


@pytest.mark.django_db
def test_no_voice_case_is_on_a_seeded_graded_form_and_they_stay_in_practice(client):
    call_command("seed_quizzes", verbosity=0)
    call_command("seed_case_quizzes", verbosity=0)
    on_forms = {q.setup["case"] for key in ("pre-test", "post-test")
                for q in Quiz.objects.get(key=key).questions.filter(kind=graded.KIND)}  # fmt: skip
    assert on_forms and not on_forms & {case["key"] for case in voice_cases()}
    for case in voice_cases():
        assert client.get(detail(case["key"])).status_code == 200
