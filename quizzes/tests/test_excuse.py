"""Skipping a question by leave of a rule from above (quizzes.gates excusals):
the engine side, with a stand-in rule. The classrooms rule (listening
optional) and the pages are tested in classrooms/tests/test_listening_optional.py."""

import pytest

from quizzes import gates, kinds, scoring, services
from quizzes.models import AttemptItem
from quizzes.tests.factories import make_quiz
from quizzes.tests.test_voice_kinds import make_recording, right_answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_audio_work")]


@pytest.fixture
def hearing_rule(monkeypatch):
    """Stand-in for classrooms' rule: any item that needs hearing may be skipped."""
    monkeypatch.setattr(gates, "_excusals", [])
    gates.register_excusal(lambda attempt, item: item.spec.needs_hearing)


def _voice_attempt(size=2):
    make_recording("voice-real")
    make_recording("voice-tts", label="synthetic", technique="tts")
    quiz = make_quiz(
        pool_size=size, pool_kinds=["voice_real_or_synth"], pool_filters={"families": ["voices"]}
    )
    return services.attempt_start(quiz=quiz, session_key="s" * 32)


def test_only_the_voice_kinds_need_hearing():
    assert {k.value for k in kinds.all_kinds() if k.needs_hearing} == {
        "voice_real_or_synth", "voice_which_is_real", "voice_where_edited"
    }  # fmt: skip


def test_with_no_rule_nothing_may_be_skipped(monkeypatch):
    monkeypatch.setattr(gates, "_excusals", [])
    attempt = _voice_attempt()
    item = attempt.items.first()
    assert gates.may_excuse(attempt, item) is False
    with pytest.raises(services.NotAllowed):
        services.attempt_excuse(item=item)
    item.refresh_from_db()
    attempt.refresh_from_db()
    assert not item.excused and item.answered_at is None and attempt.answered_count == 0


def test_a_skip_is_stored_counted_once_and_left_out_of_the_summary(hearing_rule):
    attempt = _voice_attempt()
    skipped, answered = AttemptItem.objects.for_answer().filter(attempt=attempt).order_by("position")
    services.attempt_excuse(item=skipped)
    # A second press (a double click) changes nothing.
    services.attempt_excuse(item=AttemptItem.objects.for_answer().get(pk=skipped.pk))
    form = answered.spec.form(answered, right_answer(answered))
    assert form.is_valid()
    response, confidence = form.normalised()
    services.attempt_answer(item=answered, response=response, confidence=confidence)
    attempt.refresh_from_db()
    assert attempt.answered_count == 2
    skipped.refresh_from_db()
    assert skipped.excused and skipped.answered_at and skipped.is_correct is None and skipped.response == {}
    assert kinds.answer_text(skipped) == "skipped: listening optional"
    services.attempt_finish(attempt=attempt)
    attempt.refresh_from_db()
    s = attempt.summary
    # Counted as wrong it would halve the accuracy; it counts nowhere instead.
    assert (s["total"], s["answered"], s["correct"], s["accuracy"], s["excused"]) == (1, 1, 1, 1.0, 1)
    assert s["judged"] == 1 and s["hits"] + s["misses"] + s["false_alarms"] + s["correct_rejections"] == 1


def test_a_skip_is_refused_once_answered_or_finished(hearing_rule):
    attempt = _voice_attempt()
    first, second = AttemptItem.objects.for_answer().filter(attempt=attempt).order_by("position")
    services.attempt_answer(item=first, response={"choice": "real"}, confidence=20)
    with pytest.raises(services.AnswerConflict):
        services.attempt_excuse(item=AttemptItem.objects.for_answer().get(pk=first.pk))
    services.attempt_finish(attempt=attempt)
    with pytest.raises(services.AttemptClosed):
        services.attempt_excuse(item=AttemptItem.objects.for_answer().get(pk=second.pk))
    assert not AttemptItem.objects.filter(attempt=attempt, excused=True).exists()


def test_summarise_leaves_excused_records_out_of_every_figure():
    def record(label, said, excused=False):
        return {"kind": "voice_real_or_synth", "judged": True, "answered": True, "correct": label == said,
                "label": label, "said_synthetic": said == "synthetic", "p_synthetic": 0.8 if said == "synthetic" else 0.2,
                "technique": "tts", "family": "voices", "spot_inside": None, "excused": excused}  # fmt: skip

    kept = [record("synthetic", "synthetic"), record("real", "real")]
    with_skips = [
        *kept,
        {**record("real", "synthetic", excused=True), "correct": None, "said_synthetic": None},
    ]
    assert scoring.summarise(with_skips) == {**scoring.summarise(kept), "excused": 1}
