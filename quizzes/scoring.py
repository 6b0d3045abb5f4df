"""Scoring maths: plain functions on numbers, no Django.

Conventions: "synthetic" is the signal. A hit is a synthetic item called
synthetic; a false alarm is a real item called synthetic. Confidence is the
learner's "how likely synthetic" rating as a probability in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist, fmean

_Z = NormalDist()

# Criterion c beyond +/-0.5 is a clear lean: at c = -0.5 a learner with no skill
# calls about 69 % of all items synthetic (Phi(0.5)). Macmillan & Creelman,
# Detection Theory: A User's Guide (2nd ed., 2005), ch. 2, for c's meaning.
BIAS_THRESHOLD = 0.5
# Over/under-confidence: mean confidence in the chosen answer minus accuracy.
# Ten points either way is the usual line between "well calibrated" and not in
# classroom calibration exercises; below MIN_CALIBRATION_ITEMS we say too few.
CALIBRATION_MARGIN = 0.10
MIN_CALIBRATION_ITEMS = 5


def accuracy(correct: int, total: int) -> float | None:
    """Share correct, or None when nothing was answered."""
    if total <= 0:
        return None
    return correct / total


@dataclass(frozen=True)
class SignalDetection:
    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int
    hit_rate: float | None  # raw, for display
    false_alarm_rate: float | None  # raw, for display
    d_prime: float | None
    criterion: float | None

    @property
    def verdict(self) -> str:
        return bias_verdict(self.criterion)


def signal_detection(hits: int, misses: int, false_alarms: int, correct_rejections: int) -> SignalDetection:
    """Hit rate, false-alarm rate, d' and criterion c.

    d' and c use the log-linear correction (Hautus 1995, Behavior Research
    Methods, Instruments & Computers 27:46-51): add 0.5 to the hit and
    false-alarm counts and 1 to the number of signal and noise trials. It keeps
    z finite when a rate is 0 or 1 and is applied to every learner alike, so
    scores stay comparable. Needs at least one synthetic and one real item.
    """
    signal = hits + misses
    noise = false_alarms + correct_rejections
    hit_rate = hits / signal if signal else None
    fa_rate = false_alarms / noise if noise else None
    if not signal or not noise:
        return SignalDetection(hits, misses, false_alarms, correct_rejections, hit_rate, fa_rate, None, None)
    h = (hits + 0.5) / (signal + 1)
    f = (false_alarms + 0.5) / (noise + 1)
    zh, zf = _Z.inv_cdf(h), _Z.inv_cdf(f)
    return SignalDetection(
        hits,
        misses,
        false_alarms,
        correct_rejections,
        hit_rate,
        fa_rate,
        d_prime=zh - zf,
        criterion=-(zh + zf) / 2,
    )


def bias_verdict(criterion: float | None) -> str:
    if criterion is None:
        return "not enough answers"
    if criterion <= -BIAS_THRESHOLD:
        return "leans to calling things synthetic"
    if criterion >= BIAS_THRESHOLD:
        return "leans to calling things real"
    return "no strong lean"


def brier_score(forecasts: Iterable[tuple[float, bool]]) -> float | None:
    """Mean squared error of "how likely synthetic" against the truth.

    0 is perfect, 0.25 is always saying 50 %, 1 is confidently wrong every time.
    """
    errors = [(p - (1.0 if synthetic else 0.0)) ** 2 for p, synthetic in forecasts]
    return fmean(errors) if errors else None


@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_confidence: float | None  # mean confidence in the chosen answer
    accuracy: float | None


def _chosen_confidence(p_synthetic: float) -> float:
    return max(p_synthetic, 1.0 - p_synthetic)


def _rightness(p_synthetic: float, synthetic: bool) -> float:
    """1 if the answer implied by the rating is right, 0 if wrong, 0.5 for a 50 % guess."""
    if p_synthetic == 0.5:
        return 0.5
    return 1.0 if (p_synthetic > 0.5) == synthetic else 0.0


def reliability_table(
    forecasts: Sequence[tuple[float, bool]], edges: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
) -> list[ReliabilityBin]:
    """Confidence in the chosen answer (50-100 %) in bins, against accuracy.

    The answer chosen is "synthetic" when p > 0.5 and "real" when p < 0.5; a
    rating of exactly 0.5 is a guess and counts as half right whatever the
    truth, so it lands in the first bin with accuracy pulled to 0.5.
    """
    bins: list[list[tuple[float, float]]] = [[] for _ in range(len(edges) - 1)]
    for p, synthetic in forecasts:
        conf = _chosen_confidence(p)
        right = _rightness(p, synthetic)
        for i in range(len(edges) - 1):
            last = i == len(edges) - 2
            if edges[i] <= conf < edges[i + 1] or (last and conf == edges[i + 1]):
                bins[i].append((conf, right))
                break
    table = []
    for i, members in enumerate(bins):
        table.append(
            ReliabilityBin(
                low=edges[i],
                high=edges[i + 1],
                count=len(members),
                mean_confidence=fmean(c for c, _ in members) if members else None,
                accuracy=fmean(r for _, r in members) if members else None,
            )
        )
    return table


def overconfidence(forecasts: Sequence[tuple[float, bool]]) -> float | None:
    """Mean confidence in the chosen answer minus the share right (positive = over-confident)."""
    if not forecasts:
        return None
    confidences, rights = [], []
    for p, synthetic in forecasts:
        confidences.append(_chosen_confidence(p))
        rights.append(_rightness(p, synthetic))
    return fmean(confidences) - fmean(rights)


def calibration_verdict(forecasts: Sequence[tuple[float, bool]]) -> str:
    if len(forecasts) < MIN_CALIBRATION_ITEMS:
        return "not enough answers"
    gap = overconfidence(forecasts)
    if gap > CALIBRATION_MARGIN:
        return "over-confident"
    if gap < -CALIBRATION_MARGIN:
        return "under-confident"
    return "well calibrated"


def point_in_region(x: float, y: float, region: dict) -> bool:
    """Is the normalised point (x, y) inside a tell region (rect or polygon)?"""
    shape = region.get("shape", "rect")
    if shape == "rect":
        rx, ry, rw, rh = (float(region[k]) for k in ("x", "y", "w", "h"))
        return rx <= x <= rx + rw and ry <= y <= ry + rh
    if shape == "polygon":
        points = region["points"]
        inside = False
        j = len(points) - 1
        for i in range(len(points)):
            xi, yi = points[i]
            xj, yj = points[j]
            # Ray casting: count crossings of a horizontal ray to the right.
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside
    return False


def point_in_any(x: float, y: float, regions: Iterable[dict]) -> bool:
    return any(point_in_region(x, y, r) for r in regions)


# Two-sided 95 % t quantiles for small samples (df 1-30); the normal beyond.
_T95 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip


@dataclass(frozen=True)
class MeanInterval:
    n: int
    mean: float | None
    low: float | None
    high: float | None


def mean_interval(values: Sequence[float]) -> MeanInterval:
    """Mean with a 95 % t confidence interval (for gains, paired differences)."""
    n = len(values)
    if n == 0:
        return MeanInterval(0, None, None, None)
    mean = fmean(values)
    if n == 1:
        return MeanInterval(1, mean, None, None)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    t = _T95[n - 2] if n - 1 <= len(_T95) else 1.960
    half = t * sd / math.sqrt(n)
    return MeanInterval(n, mean, mean - half, mean + half)


def summarise(records: Sequence[dict]) -> dict:
    """The summary of an attempt from plain answer records.

    Each record: {"kind", "judged" (bool: a judgement of real against
    synthetic), "answered" (bool), "correct" (bool|None), "label"
    ("real"|"synthetic"|None), "said_synthetic" (bool|None: the learner's call
    on a real-or-synthetic item), "p_synthetic" (0-1|None), "technique",
    "family", "spot_inside" (bool|None: set on spot-the-change answers only)}.
    The question kinds write these records (quizzes.kinds). Which-is-real items
    count as judged (right or wrong) but not in signal detection: they have no
    "synthetic" call on one image. A record marked "excused" (a recording the
    learner was allowed to skip) counts nowhere, not even in the total: it
    was set aside, not missed.
    """
    excused = sum(1 for r in records if r.get("excused"))
    records = [r for r in records if not r.get("excused")]
    answered = [r for r in records if r["answered"]]
    correct = sum(1 for r in answered if r["correct"])
    judged = [r for r in answered if r.get("judged")]
    calls = [r for r in answered if r.get("said_synthetic") is not None and r.get("label")]
    hits = sum(1 for r in calls if r["label"] == "synthetic" and r["said_synthetic"])
    misses = sum(1 for r in calls if r["label"] == "synthetic" and not r["said_synthetic"])
    fas = sum(1 for r in calls if r["label"] == "real" and r["said_synthetic"])
    crs = sum(1 for r in calls if r["label"] == "real" and not r["said_synthetic"])
    sd = signal_detection(hits, misses, fas, crs)
    forecasts = [
        (r["p_synthetic"], r["label"] == "synthetic") for r in calls if r.get("p_synthetic") is not None
    ]
    spots = [r for r in answered if r.get("spot_inside") is not None]

    def breakdown(key):
        table: dict[str, dict[str, int]] = {}
        for r in judged + spots:
            name = r.get(key)
            if not name:
                continue
            row = table.setdefault(name, {"n": 0, "correct": 0})
            row["n"] += 1
            row["correct"] += 1 if r["correct"] else 0
        return table

    return {
        "answered": len(answered),
        "total": len(records),
        "excused": excused,
        "correct": correct,
        "accuracy": accuracy(correct, len(answered)),
        "judged": len(judged),
        "judged_correct": sum(1 for r in judged if r["correct"]),
        "hits": hits,
        "misses": misses,
        "false_alarms": fas,
        "correct_rejections": crs,
        "hit_rate": sd.hit_rate,
        "false_alarm_rate": sd.false_alarm_rate,
        "d_prime": sd.d_prime,
        "criterion": sd.criterion,
        "bias_verdict": sd.verdict,
        "brier": brier_score(forecasts),
        "overconfidence": overconfidence(forecasts),
        "calibration_verdict": calibration_verdict(forecasts),
        "reliability": [
            {
                "low": b.low,
                "high": b.high,
                "count": b.count,
                "confidence": b.mean_confidence,
                "accuracy": b.accuracy,
            }
            for b in reliability_table(forecasts)
        ],
        "spot_total": len(spots),
        "spot_inside": sum(1 for r in spots if r.get("spot_inside")),
        "by_technique": breakdown("technique"),
        "by_family": breakdown("family"),
    }
