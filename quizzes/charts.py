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
