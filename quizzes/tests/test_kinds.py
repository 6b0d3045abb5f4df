"""The question-kind registry: every kind is complete, and the answer texts
teachers read come from the kind."""

import random

import pytest
from django.template.loader import get_template
from django.utils import timezone

from quizzes import kinds
from quizzes.models import AttemptItem, Question
from quizzes.tests.factories import make_fixed_quiz

pytestmark = pytest.mark.django_db


def test_every_kind_has_a_template_with_its_three_partials():
    assert [k.value for k in kinds.all_kinds()] == [
        "real_or_synthetic", "which_is_real", "spot", "multiple_choice",
        "voice_real_or_synth", "voice_which_is_real", "voice_where_edited",
        # Registered from above (investigations' AppConfig.ready), not imported here.
        "investigate",
    ]  # fmt: skip
    for kind in kinds.all_kinds():
        for template in (kind.question_template, kind.reveal_template, kind.review_template):
            get_template(template)  # raises if the file or the partial is missing


def test_an_unknown_kind_is_refused():
    with pytest.raises(LookupError):
        kinds.get("interpretive_dance")


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="twice"):
        kinds.register(type(kinds.get("spot")))


def _items():
    quiz = make_fixed_quiz()
    items = []
    for question in Question.objects.filter(quiz=quiz).select_related("example", "example_b"):
        item = AttemptItem(kind=question.kind, question=question, example=question.example,
                           example_b=question.example_b)  # fmt: skip
        question.spec.prepare(item, random.Random(3))
        items.append(item)
    return {item.kind: item for item in items}


def _answered(item, response, correct):
    item.response, item.is_correct = response, correct
    item.answered_at = item.answered_at or timezone.now()
    return item


def test_answers_are_written_in_a_teachers_words():
    items = _items()
    mc = _answered(items["multiple_choice"], {"choices": [0, 2]}, False)
    assert kinds.answer_text(mc) == "GAN; A camera"
    assert kinds.right_answer_text(mc) == "GAN; VAE"
    ros = _answered(items["real_or_synthetic"], {"choice": "real"}, False)
    assert (kinds.answer_text(ros), kinds.right_answer_text(ros)) == ("real", "synthetic")
    spot = _answered(items["spot"], {"x": 0.1, "y": 0.1}, False)
    assert kinds.answer_text(spot) == "outside the changed areas"
    pair = items["which_is_real"]
    real_side = "right" if pair.swapped else "left"
    fake_side = "left" if pair.swapped else "right"
    # Sides are drawn per attempt: the text says which image was chosen, not where it sat.
    assert kinds.answer_text(_answered(pair, {"side": real_side}, True)) == "chose the real one"
    assert kinds.answer_text(_answered(pair, {"side": fake_side}, False)) == "chose the generated one"
    assert kinds.right_answer_text(pair) == "the real one"
    assert kinds.question_text(pair) == "Which of these two is the real one?"
    assert kinds.question_text(mc) == "Which are generative models?"
    timed_out = _answered(items["which_is_real"], {"timed_out": True}, False)
    assert kinds.answer_text(timed_out) == "ran out of time"


def test_grading_follows_each_kinds_rule_and_a_timeout_is_always_wrong():
    items = _items()
    pair = items["which_is_real"]
    real_side = "right" if pair.swapped else "left"
    assert kinds.grade(pair, {"side": real_side})
    assert not kinds.grade(pair, {"side": "left" if real_side == "right" else "right"})
    assert kinds.grade(items["spot"], {"x": 0.75, "y": 0.75})
    assert not kinds.grade(items["spot"], {"x": 0.1, "y": 0.1})
    assert kinds.grade(items["multiple_choice"], {"choices": [0, 1]})
    assert not kinds.grade(items["multiple_choice"], {"choices": [0]})
    assert not kinds.grade(items["real_or_synthetic"], {"timed_out": True})


def test_records_say_what_scoring_counts():
    items = _items()
    ros = _answered(items["real_or_synthetic"], {"choice": "synthetic"}, True)
    ros.confidence = 80
    record = kinds.record(ros)
    assert record["judged"] and record["said_synthetic"] and record["label"] == "synthetic"
    assert record["p_synthetic"] == 0.8 and record["spot_inside"] is None
    pair = _answered(items["which_is_real"], {"side": "left"}, True)
    record = kinds.record(pair)
    # The pair is filed under its synthetic member, and makes no call on one image.
    assert record["judged"] and record["label"] is None and record["technique"] == "gan"
    spot = kinds.record(_answered(items["spot"], {"x": 0.7, "y": 0.7}, True))
    assert not spot["judged"] and spot["spot_inside"] is True and spot["technique"] == "splice"


def test_a_pool_draws_which_is_real_pairs_from_one_family():
    items = _items()
    pair = items["which_is_real"]
    free = [pair.example_b, pair.example]  # synthetic first
    drawn = kinds.get("which_is_real").draw(free, random.Random(1))
    assert {e.label for e in drawn.examples} == {"real", "synthetic"}
    assert drawn.example.label == "real" and drawn.example.family == drawn.example_b.family
    assert kinds.get("multiple_choice").draw(free, random.Random(1)) is None


def test_real_or_synthetic_is_drawn_only_from_families_with_both_labels():
    from literacy.tests.factories import make_example

    faces = [make_example(label="synthetic", family="faces-only") for _ in range(3)]
    photos = [make_example(family="photos"), make_example(label="synthetic", family="photos")]
    spec = kinds.get("real_or_synthetic")
    drawn = spec.draw(faces + photos, random.Random(0), pool=faces + photos)
    assert drawn.example.family == "photos"
    assert spec.draw(faces, random.Random(0), pool=faces) is None
