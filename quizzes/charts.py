"""Numbers for the server-rendered SVG charts on results pages (no Django)."""

from __future__ import annotations

TECHNIQUE_LESSON = {
    "gan": "gans",
    "vae": "autoencoders-and-face-swaps",
    "face_swap": "autoencoders-and-face-swaps",
    "diffusion": "diffusion",
    "photograph": "how-to-check",
    "splice": "how-to-check",
    "clone": "how-to-check",
    "object_removal": "how-to-check",
    "retouch": "how-to-check",
    "out_of_context": "how-to-check",
}

# A real photo has no technique that fooled anyone: what fooled the learner
# was calling it fake. Names for the rows and sentences about real photos.
REAL_LABELS = {"photograph": "Real photos", "out_of_context": "Real photos with a misleading caption"}
REAL_FOOLED = {
    "photograph": "real photos you called fake",
    "out_of_context": "real photos with a misleading caption that you called fake",
}


def fooled_most(technique: str | None, labels: dict[str, str]) -> tuple[str, str] | None:
    """(lead, what) for "what fooled you most", or None: a synthetic technique
    is named as such; real photos are said to be real photos called fake."""
    if not technique:
        return None
    if technique in REAL_FOOLED:
        return "What fooled you most:", REAL_FOOLED[technique]
    return "The technique that fooled you most:", labels.get(technique, technique)


def accuracy_bars(
    breakdown: dict[str, dict[str, int]], labels: dict[str, str], *, width: int = 320
) -> list[dict]:
    """Horizontal bars, one per technique: share correct, with pixel lengths."""
    bars = []
    for key, row in sorted(breakdown.items(), key=lambda kv: (kv[1]["correct"] / kv[1]["n"], kv[0])):
        share = row["correct"] / row["n"] if row["n"] else 0.0
        bars.append(
            {
                "key": key,
                "label": labels.get(key, key),
                "n": row["n"],
                "correct": row["correct"],
                "percent": round(100 * share),
                "length": round(width * share),
            }
        )
    for i, bar in enumerate(bars):
        bar["y"] = 8 + i * 34
    return bars


# The accuracy-over-time chart: one fixed frame whatever the number of
# quizzes (the points spread across it), so it is always wider than tall.
TREND_WIDTH, TREND_HEIGHT = 360, 150
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 62, 344, 14, 128


def trend_chart(percents: list[int]) -> dict:
    """Points (x, y in the fixed viewBox) for accuracies in percent, oldest
    first, with the gridlines at 0, 50 and 100 %."""

    def y_of(percent: float) -> float:
        return round(TREND_BOTTOM - (TREND_BOTTOM - TREND_TOP) * percent / 100, 1)

    span = TREND_RIGHT - TREND_LEFT
    n = len(percents)
    points = []
    for i, percent in enumerate(percents):
        x = TREND_LEFT + span / 2 if n == 1 else TREND_LEFT + span * i / (n - 1)
        points.append({"x": round(x, 1), "y": y_of(percent), "percent": percent})
    return {
        "width": TREND_WIDTH,
        "height": TREND_HEIGHT,
        "left": TREND_LEFT,
        "right": TREND_RIGHT,
        "points": points,
        "path": " ".join(f"{p['x']},{p['y']}" for p in points),
        "grid": [{"percent": v, "y": y_of(v)} for v in (0, 50, 100)],
    }


def reliability_points(rows: list[dict], *, size: int = 200) -> list[dict]:
    """Points of a reliability diagram: x = mean confidence (50-100 %), y = accuracy."""
    points = []
    for row in rows:
        if not row["count"]:
            continue
        x = (row["confidence"] - 0.5) / 0.5 * size
        y = size - row["accuracy"] * size
        points.append({**row, "cx": round(x, 1), "cy": round(y, 1), "r": 4 + min(8, row["count"])})
    return points


def weakest(breakdown: dict[str, dict[str, int]], minimum: int = 2) -> str | None:
    """The technique with the lowest share correct among those seen enough."""
    candidates = [(row["correct"] / row["n"], key) for key, row in breakdown.items() if row["n"] >= minimum]
    return min(candidates)[1] if candidates else None
