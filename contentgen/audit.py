"""Shortcut audit: can file size, dimensions or crude global statistics tell the
labels apart? Per family, a cross-validated logistic regression on

  byte size, width, height, brightness, contrast, colourfulness (Hasler and
  Suesstrunk), Laplacian variance, 8x8 block-boundary energy, grey-level entropy

is compared with the majority-class baseline. A family fails when the model
beats the baseline by more than 10 points. For faces-hd (all generated) the
label is "edited (swap or morph)" against "plain generated face".

python -m contentgen.audit PACK [--family F]   (numpy, Pillow, scikit-learn)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

FEATURES = [
    "bytes",
    "width",
    "height",
    "brightness",
    "contrast",
    "colourfulness",
    "laplacian_var",
    "block_energy",
    "entropy",
]
MARGIN = 0.10


def features(path: Path) -> list[float]:
    im = Image.open(path)
    w, h = im.size
    rgb = np.asarray(im.convert("RGB"), np.float64)
    g = rgb @ [0.299, 0.587, 0.114]
    r, gg, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    rg, yb = r - gg, 0.5 * (r + gg) - b
    colourful = np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean())
    lap = -4 * g[1:-1, 1:-1] + g[:-2, 1:-1] + g[2:, 1:-1] + g[1:-1, :-2] + g[1:-1, 2:]
    dx = np.abs(np.diff(g, axis=1))
    cols = np.arange(dx.shape[1])
    boundary = dx[:, (cols % 8) == 7].mean()
    inside = dx[:, (cols % 8) != 7].mean()
    hist = np.bincount(g.astype(np.uint8).ravel(), minlength=256) / g.size
    entropy = -(hist[hist > 0] * np.log2(hist[hist > 0])).sum()
    return [
        path.stat().st_size,
        w,
        h,
        g.mean(),
        g.std(),
        colourful,
        lap.var(),
        boundary / max(inside, 1e-6),
        entropy,
    ]


def target(e: dict) -> int:
    if e["family"] == "faces-hd":
        return int(e["technique"] != "gan")
    return int(e["label"] == "synthetic")


def audit(folder: Path, families: list[str] | None = None) -> list[dict]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    examples = json.loads((folder / "manifest.json").read_text())["examples"]
    rows = []
    fams = families or sorted({e["family"] for e in examples if e.get("era") == "current"})
    for fam in fams:
        # Recordings (.mp3) have their own audit: literacy/audit_voices.py.
        ex = [e for e in examples if e["family"] == fam and e["technique"] != "out_of_context"
              and not e["file"].endswith(".mp3")]  # fmt: skip
        y = np.array([target(e) for e in ex])
        if len(set(y)) < 2:
            continue
        X = np.array([features(folder / e["file"]) for e in ex])
        k = int(min(5, np.bincount(y).min()))
        cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=0)
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=1.0))
        acc = float(cross_val_score(model, X, y, cv=cv, scoring="accuracy").mean())
        base = float(max(np.mean(y), 1 - np.mean(y)))
        sizes = {lab: float(np.mean(X[y == lab, 0]) / 1000) for lab in (0, 1)}
        rows.append({"family": fam, "n": len(y), "positives": int(y.sum()), "cv_accuracy": round(acc, 3),
                     "baseline": round(base, 3), "margin": round(acc - base, 3), "pass": acc - base <= MARGIN,
                     "mean_kb_neg": round(sizes[0], 1), "mean_kb_pos": round(sizes[1], 1)})  # fmt: skip
    return rows


def table(rows: list[dict]) -> str:
    head = "| family | items | edited/synthetic | CV accuracy | majority baseline | margin | mean KB (other / edited-synthetic) | result |"
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['family']} | {r['n']} | {r['positives']} | {r['cv_accuracy']:.1%} | {r['baseline']:.1%} | "
            f"{100 * r['margin']:+.1f} pts | {r['mean_kb_neg']} / {r['mean_kb_pos']} | {'pass' if r['pass'] else 'FAIL'} |"
        )
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("pack")
    p.add_argument("--family", action="append")
    a = p.parse_args()
    rows = audit(Path(a.pack), a.family)
    print(table(rows))
    sys.exit(0 if all(r["pass"] for r in rows) else 1)


if __name__ == "__main__":
    main()
