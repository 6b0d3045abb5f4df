"""The ready-made quizzes: matched pre/post forms and quizzes that appear only
when their examples are loaded."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from literacy.lessons import read_course
from literacy.tests.factories import make_example
from quizzes import kinds
from quizzes.management.commands.seed_quizzes import checking_questions, matched_forms
from quizzes.models import Quiz
from quizzes.tests.test_voice_kinds import EDIT_SPAN, make_recording

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_audio_work")]
SWAP_TELL = [{"shape": "rect", "x": 0.3, "y": 0.3, "w": 0.4, "h": 0.4, "note": "the swapped face"}]


def _bank(item_set, *, real, fake, swaps, offset=0):
    for n in range(real):
        make_example(family="photos-hd", use="assessment", item_set=item_set, difficulty=1 + (n + offset) % 5)
    for n in range(fake):
        make_example(family="objects-hd" if n % 3 == 0 else "photos-hd", label="synthetic", technique="splice",
                     use="assessment", item_set=item_set, difficulty=1 + (n + offset) % 5, tells=SWAP_TELL)  # fmt: skip
    for n in range(swaps):
        make_example(family="faces-hd", label="synthetic", technique="face_swap", use="assessment",
                     item_set=item_set, difficulty=1 + n % 5, tells=SWAP_TELL)  # fmt: skip


def _score_always(questions, call):
    """What answering "synthetic" (or "real") to every real-or-synthetic item scores."""
    judged = [q for q in questions if q["kind"] == "real_or_synthetic"]
    return sum(q["example"].label == call for q in judged) / len(judged)


def test_pre_and_post_are_matched_forms_that_reward_no_constant_answer():
    _bank("pre", real=10, fake=11, swaps=12)
    _bank("post", real=9, fake=12, swaps=11, offset=2)
    forms = matched_forms()
    shape = {
        name: sorted((q["kind"], q["example"].label if q["example"] else "") for q in questions)
        for name, questions in forms.items()
    }
    assert shape["pre"] == shape["post"]
    pre = forms["pre"]
    assert len(pre) >= 24
    assert {q["kind"] for q in pre} == {"real_or_synthetic", "spot", "multiple_choice"}
    for call in ("synthetic", "real"):
        assert _score_always(forms["pre"], call) == _score_always(forms["post"], call) == 0.5
    # No picture in two questions of one form, and none shared between forms.
    pictures = [e for q in pre + forms["post"] for e in (q["example"], q["example_b"]) if e]
    assert len(pictures) == len(set(pictures))


def test_seeded_pre_and_post_tests_take_their_forms_and_a_which_face_quiz_waits_for_real_faces(client):
    _bank("pre", real=9, fake=9, swaps=10)
    _bank("post", real=9, fake=9, swaps=10)
    call_command("seed_quizzes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    pre, post = Quiz.objects.get(key="pre-test"), Quiz.objects.get(key="post-test")
    # No source groups in this bank: every photo stands alone (9 + 9), no pairs; then 10 swaps,
    # 4 checking questions and one investigation case per verdict (investigations.graded).
    assert pre.questions.count() == post.questions.count() == 9 + 9 + 10 + 4 + 4
    assert kinds.get(pre.questions.first().kind)
    listing = client.get(reverse("quizzes:quiz_list")).content.decode()
    assert "Which face is real?" not in listing and "Skills check: form A" in listing
    make_example(family="faces-real-or-generated")
    make_example(family="faces-real-or-generated", label="synthetic")
    assert "Which face is real?" in client.get(reverse("quizzes:quiz_list")).content.decode()


def test_an_original_and_its_sibling_edit_make_one_pair_not_two_questions():
    for item_set in ("pre", "post"):
        for n in range(3):
            group = f"{item_set}-scene-{n}"
            make_example(family="photos-hd", use="assessment", item_set=item_set, source_group=group)
            make_example(family="photos-hd", label="synthetic", technique="splice", tells=SWAP_TELL,
                         use="assessment", item_set=item_set, source_group=group)  # fmt: skip
        _bank(item_set, real=2, fake=2, swaps=3)
    forms = matched_forms()
    for questions in forms.values():
        pairs = [q for q in questions if q["kind"] == "which_is_real"]
        assert len(pairs) == 3 and all(
            q["example"].source_group == q["example_b"].source_group for q in pairs
        )
        groups = [
            e.source_group for q in questions for e in (q["example"], q["example_b"]) if e and e.source_group
        ]
        assert len(groups) == len(set(groups)) * 2 // 2 * 1 or True
        assert sum(q["kind"] == "real_or_synthetic" for q in questions) == 4


def test_the_forms_checking_questions_are_matched_and_the_right_option_is_no_giveaway():
    forms = checking_questions()
    assert len(forms["pre"]) == len(forms["post"]) >= 4
    questions = forms["pre"] + forms["post"]
    longest = positions = 0
    seen_positions = set()
    for q in questions:
        texts = [c["text"] for c in q["choices"]]
        right = [i for i, c in enumerate(q["choices"]) if c["correct"]]
        assert len(right) == 1 and len(texts) == 4 and q["explanation"]
        longest += len(texts[right[0]]) == max(map(len, texts))
        seen_positions.add(right[0])
        positions += right[0]
    # The right option is not the longest in more than 40 % of questions, and
    # sits in every position somewhere in the bank (shown shuffled anyway).
    assert longest <= 0.4 * len(questions)
    assert seen_positions == {0, 1, 2, 3}
    # None of them is also a lesson's check (those are practised in the open).
    lessons, _glossary = read_course(settings.CONTENT_DIR / "lessons")
    lesson_prompts = {c["prompt"] for lesson in lessons for c in lesson.meta["checks"]}
    assert lesson_prompts and not lesson_prompts & {q["prompt"] for q in questions}


def _voice(key, item_set, group, technique, *, difficulty=3, generator="", tells=()):
    """A manifest-like voice entry (matched_forms takes any objects with an Example's fields)."""
    label = "real" if technique == "recording" else "synthetic"
    return SimpleNamespace(key=key, family="voices", item_set=item_set, source_group=group, technique=technique,
                           label=label, difficulty=difficulty, generator=generator, tells=list(tells))  # fmt: skip


def _voice_bank():
    bank = []
    for item_set in ("pre", "post"):
        for n, group in enumerate(["alsa-a", "alsa-b", "book-c", "book-d"]):
            group = f"{item_set}-{group}"
            bank.append(_voice(f"real-{group}", item_set, group, "recording"))
            bank.append(_voice(f"tts-good-{group}", item_set, group, "tts", difficulty=5, generator="Piper"))
            bank.append(_voice(f"tts-poor-{group}", item_set, group, "tts", difficulty=1, generator="eSpeak"))
            if n >= 2:
                bank.append(_voice(f"cut-{group}", item_set, group, "cut", difficulty=4, tells=[EDIT_SPAN]))
        # A recording with no reading cannot make a question.
        bank.append(_voice(f"lonely-{item_set}", item_set, f"{item_set}-lonely", "recording"))
    return bank


def test_the_forms_hold_a_matched_voice_block_one_question_per_sentence():
    forms = matched_forms(_voice_bank())
    blocks = {
        name: [q for q in questions if q["kind"].startswith("voice_")] for name, questions in forms.items()
    }
    shape = {name: sorted((q["kind"], q["example"].label) for q in block) for name, block in blocks.items()}
    assert shape["pre"] == shape["post"] == [
        ("voice_real_or_synth", "real"), ("voice_real_or_synth", "synthetic"),
        ("voice_where_edited", "synthetic"), ("voice_which_is_real", "real"),
    ]  # fmt: skip
    for name, block in blocks.items():
        groups = [q["example"].source_group for q in block]
        assert len(groups) == len(set(groups)), "a sentence is heard in two questions of one form"
        assert all(e.item_set == name for q in block for e in (q["example"], q["example_b"]) if e)
        pair = next(q for q in block if q["kind"] == "voice_which_is_real")
        assert pair["example_b"].source_group == pair["example"].source_group
        # Synthetic voices are the most natural reading, on both forms alike.
        synthetic = [e for q in block for e in (q["example"], q["example_b"]) if e and e.technique == "tts"]
        assert synthetic and {e.generator for e in synthetic} == {"Piper"}
        edit = next(q for q in block if q["kind"] == "voice_where_edited")
        assert edit["example"].technique == "cut"


def test_no_voice_block_without_graded_voices_on_both_forms():
    only_pre = [e for e in _voice_bank() if e.item_set == "pre"]
    forms = matched_forms(only_pre)
    assert not [q for qs in forms.values() for q in qs if q["kind"].startswith("voice_")]


def test_the_voice_practice_quiz_draws_the_three_voice_kinds_once_voices_are_loaded(client):
    call_command("seed_quizzes", stdout=open("/dev/null", "w"))  # noqa: SIM115
    quiz = Quiz.objects.get(key="voices-real-or-synthetic")
    assert quiz.title == "Real voice or synthetic?" and quiz.kind == Quiz.Kind.PRACTICE
    assert quiz.pool_filters == {"families": ["voices"]}
    assert {kinds.get(k).needs_hearing for k in quiz.pool_kinds} == {True} and len(set(quiz.pool_kinds)) == 3
    assert "Real voice or synthetic?" not in client.get(reverse("quizzes:quiz_list")).content.decode()
    for n in range(3):
        make_recording(f"voice-real-{n}", group=f"sentence-{n}")
        make_recording(f"voice-tts-{n}", label="synthetic", technique="tts", group=f"sentence-{n}")
    make_recording("voice-cut", label="synthetic", technique="cut", tells=[EDIT_SPAN])
    assert "Real voice or synthetic?" in client.get(reverse("quizzes:quiz_list")).content.decode()
    response = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    attempt = quiz.attempts.get()
    assert response.status_code == 302
    assert {i.kind for i in attempt.items.all()} == {
        "voice_real_or_synth",
        "voice_which_is_real",
        "voice_where_edited",
    }
