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
