"""Scoring functions against values computed by hand."""

import math

import pytest

from quizzes import scoring


def test_accuracy_is_none_when_nothing_was_answered():
    assert scoring.accuracy(0, 0) is None
    assert scoring.accuracy(3, 4) == 0.75


def test_signal_detection_matches_hand_computed_log_linear_values():
    # 8 hits, 2 misses, 3 false alarms, 7 correct rejections.
    # H = 8.5/11 = 0.772727, F = 3.5/11 = 0.318182
    # z(H) = 0.747859, z(F) = -0.472789 -> d' = 1.220648, c = -0.137535
    sd = scoring.signal_detection(8, 2, 3, 7)
    assert sd.hit_rate == 0.8
    assert sd.false_alarm_rate == 0.3
    assert sd.d_prime == pytest.approx(1.220648, abs=1e-5)
    assert sd.criterion == pytest.approx(-0.137535, abs=1e-5)


def test_perfect_rates_stay_finite_thanks_to_the_correction():
    # All 5 synthetic caught, no false alarm among 5 real:
    # H = 5.5/6 = 0.916667 (z 1.382994), F = 0.5/6 = 0.083333 (z -1.382994)
    sd = scoring.signal_detection(5, 0, 0, 5)
    assert sd.hit_rate == 1.0 and sd.false_alarm_rate == 0.0
    assert sd.d_prime == pytest.approx(2.765989, abs=1e-5)
    assert sd.criterion == pytest.approx(0.0, abs=1e-9)
    assert math.isfinite(sd.d_prime)


def test_calling_everything_fake_earns_no_sensitivity_and_a_clear_lean():
    # 10 synthetic, 10 real, every answer "synthetic": H = F = 10.5/11.
    sd = scoring.signal_detection(10, 0, 10, 0)
    assert sd.d_prime == pytest.approx(0.0, abs=1e-12)
    assert sd.criterion == pytest.approx(-1.690622, abs=1e-5)
    assert sd.verdict == "leans to calling things synthetic"
    assert scoring.signal_detection(0, 10, 0, 10).verdict == "leans to calling things real"


def test_signal_detection_needs_both_kinds_of_item():
    sd = scoring.signal_detection(3, 1, 0, 0)
    assert sd.hit_rate == 0.75
    assert sd.false_alarm_rate is None
    assert sd.d_prime is None and sd.verdict == "not enough answers"


def test_brier_score_by_hand():
    # (0.9-1)^2 + (0.2-0)^2 + (0.6-0)^2 = 0.01 + 0.04 + 0.36 = 0.41 -> /3
    assert scoring.brier_score([(0.9, True), (0.2, False), (0.6, False)]) == pytest.approx(0.41 / 3)
    assert scoring.brier_score([]) is None
    assert scoring.brier_score([(0.5, True), (0.5, False)]) == pytest.approx(0.25)


def test_reliability_table_bins_confidence_in_the_chosen_answer():
    forecasts = [(0.95, True), (0.05, True), (0.7, False), (0.3, False), (0.5, True)]
    table = scoring.reliability_table(forecasts)
    by_low = {b.low: b for b in table}
    assert by_low[0.9].count == 2 and by_low[0.9].accuracy == 0.5
    assert by_low[0.7].count == 2 and by_low[0.7].accuracy == 0.5
    assert by_low[0.5].count == 1 and by_low[0.5].accuracy == 0.5
    assert by_low[0.6].count == 0 and by_low[0.6].accuracy is None


def test_calibration_verdicts():
    over = [(0.95, False)] * 3 + [(0.95, True)] * 3
    assert scoring.overconfidence(over) == pytest.approx(0.45)
    assert scoring.calibration_verdict(over) == "over-confident"
    under = [(0.55, True)] * 6
    assert scoring.calibration_verdict(under) == "under-confident"
    good = [(0.8, True)] * 4 + [(0.8, False)]
    assert scoring.calibration_verdict(good) == "well calibrated"
    assert scoring.calibration_verdict(good[:2]) == "not enough answers"


def test_points_inside_rectangles_and_polygons():
    rect = {"shape": "rect", "x": 0.1, "y": 0.1, "w": 0.2, "h": 0.3}
    tri = {"shape": "polygon", "points": [[0.5, 0.5], [0.9, 0.5], [0.7, 0.9]]}
    assert scoring.point_in_region(0.2, 0.35, rect)
    assert not scoring.point_in_region(0.31, 0.2, rect)
    assert scoring.point_in_region(0.7, 0.6, tri)
    assert not scoring.point_in_region(0.55, 0.85, tri)
    assert scoring.point_in_any(0.7, 0.6, [rect, tri])
    assert not scoring.point_in_any(0.0, 0.0, [rect, tri])


def test_mean_interval_uses_t_quantiles():
    # values 1,2,3,4: mean 2.5, sd 1.290994, t(3) = 3.182 -> half 2.054
    mi = scoring.mean_interval([1, 2, 3, 4])
    assert mi.mean == 2.5
    assert mi.low == pytest.approx(2.5 - 3.182 * 1.290994 / 2, abs=1e-5)
    assert mi.high == pytest.approx(2.5 + 3.182 * 1.290994 / 2, abs=1e-5)
    assert scoring.mean_interval([]).mean is None
    single = scoring.mean_interval([0.2])
    assert single.mean == 0.2 and single.low is None


def _rec(
    kind="real_or_synthetic",
    label="synthetic",
    said=True,
    p=0.8,
    correct=None,
    technique="gan",
    family="digits",
    **extra,
):
    if correct is None:
        correct = said == (label == "synthetic")
    return {"kind": kind, "judged": kind in ("real_or_synthetic", "which_is_real"), "answered": True,
            "correct": correct, "label": label, "said_synthetic": said,
            "p_synthetic": p, "technique": technique, "family": family, **extra}  # fmt: skip


def test_summary_counts_signal_detection_and_breakdowns():
    records = [
        _rec(label="synthetic", said=True, p=0.9),
        _rec(label="synthetic", said=False, p=0.3, technique="vae"),
        _rec(label="real", said=True, p=0.7, technique="photograph"),
        _rec(label="real", said=False, p=0.2, technique="photograph"),
        {
            "kind": "which_is_real",
            "judged": True,
            "answered": True,
            "correct": True,
            "label": None,
            "said_synthetic": None,
            "p_synthetic": None,
            "technique": "diffusion",
            "family": "digits",
        },
        {
            "kind": "spot",
            "judged": False,
            "answered": True,
            "correct": False,
            "label": "synthetic",
            "said_synthetic": None,
            "p_synthetic": None,
            "technique": "splice",
            "family": "scenes",
            "spot_inside": False,
        },
        {
            "kind": "multiple_choice",
            "judged": False,
            "answered": False,
            "correct": None,
            "label": None,
            "said_synthetic": None,
            "p_synthetic": None,
            "technique": None,
            "family": None,
        },
    ]
    s = scoring.summarise(records)
    assert (s["answered"], s["total"], s["correct"]) == (6, 7, 3)
    assert s["accuracy"] == 0.5
    assert (s["hits"], s["misses"], s["false_alarms"], s["correct_rejections"]) == (1, 1, 1, 1)
    assert s["d_prime"] == pytest.approx(0.0)
    assert s["judged"] == 5 and s["judged_correct"] == 3
    assert s["spot_total"] == 1 and s["spot_inside"] == 0
    assert s["by_technique"]["photograph"] == {"n": 2, "correct": 1}
    # (0.9-1)^2 + (0.3-1)^2 + (0.7-0)^2 + (0.2-0)^2 = 0.01 + 0.49 + 0.49 + 0.04 = 1.03 / 4
    assert s["brier"] == pytest.approx(1.03 / 4)
