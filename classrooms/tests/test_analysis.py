import pytest

from classrooms import analysis


def test_discrimination_index_by_hand():
    # 10 learners; the top 3 (27 % of 10 rounds to 3) all right, the bottom 3 one right.
    results = [
        (1, False),
        (2, True),
        (3, False),
        (4, True),
        (5, False),
        (6, True),
        (7, True),
        (8, True),
        (9, True),
        (10, True),
    ]
    assert analysis.discrimination_index(results) == pytest.approx(1 - 1 / 3)
    assert analysis.discrimination_index(results[:3]) is None


def test_paired_gains_skip_learners_missing_a_test():
    gains, interval = analysis.paired_gains([(0.5, 0.7), (0.6, 0.6), (None, 0.9), (0.4, None), (0.5, 0.8)])
    assert gains == pytest.approx([0.2, 0.0, 0.3])
    assert interval.n == 3 and interval.mean == pytest.approx(0.5 / 3)
    assert interval.low < interval.mean < interval.high


def _interval(values):
    from quizzes.scoring import mean_interval

    return mean_interval(values)


def test_a_rise_in_d_prime_is_learning():
    key, _ = analysis.learning_verdict(
        _interval([0.1, 0.2, 0.15]), _interval([0.8, 1.0, 0.9]), _interval([0.0, 0.1, -0.1])
    )
    assert key == "learned"


def test_saying_synthetic_more_often_is_only_a_shift_in_bias():
    # Accuracy up on a form where calling things fake pays, d' flat, c down.
    key, sentence = analysis.learning_verdict(
        _interval([0.1, 0.12, 0.08]), _interval([0.1, -0.1, 0.05, -0.05]), _interval([-0.5, -0.6, -0.4])
    )
    assert key == "bias"
    assert f"accuracy changed, but {analysis.D_PRIME} did not change reliably" in sentence
    assert "call more images synthetic" in sentence


def test_a_shift_towards_real_is_named_as_such():
    key, sentence = analysis.learning_verdict(
        _interval([0.0, 0.1, -0.1]), _interval([0.1, -0.1, 0.0]), _interval([0.5, 0.6, 0.4])
    )
    assert key == "bias" and "call more images real" in sentence and "accuracy changed" not in sentence


def test_no_verdict_from_one_student_and_unclear_when_nothing_moves():
    one = _interval([0.3])
    assert analysis.learning_verdict(one, one, one) is None
    noise = _interval([0.2, -0.2, 0.1, -0.1])
    assert analysis.learning_verdict(noise, noise, noise)[0] == "unclear"
