"""The pack audit for recordings: can anything but listening answer a voice question?

A browser receives a recording's bytes, so anyone can measure its size, its
duration, its loudness (RMS), where its energy sits in frequency (spectral
centroid) and how much of it is near-silent, without hearing a word. If those
answer a question kind better than guessing, learners win on the file, not
the skill. Per question kind this module fits a cross-validated logistic
regression on those five measurements and compares it with the baseline of
that kind's questions:

- real or synthetic voice: the kind draws a real and a synthetic clip equally
  often, so the baseline is 50 % and the score is balanced accuracy (the mean
  of the accuracy on real and on synthetic clips; with unweighted classes the
  majority baseline of the whole family, mostly synthetic, is also reported);
- which of two recordings is the real person: pairs of a real clip and a
  synthetic reading of the same sentence, sides drawn at random; features are
  the differences between the two sides; baseline 50 %;
- where was this recording edited: an edited clip against the clip it was cut
  from (balanced accuracy), and the best fixed place on the timeline ("always
  answer 40 % of the way in"), chosen on the other folds, against the chance
  that a point drawn at random lands in an edited range.

Plain Python: the app ships no numpy. Decoding and the spectral centroid come
from ffmpeg (literacy.audio), one call each per clip.
"""

from __future__ import annotations

import math
import random
import re
import subprocess
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

from literacy import audio

FEATURES = ("bytes", "duration", "rms", "centroid", "silence")
# A shortcut may beat the baseline by at most this much (issue #15).
MAX_GAIN = 0.10
FOLDS = 5
REPEATS = 5
FRAME = 320  # 20 ms at 16 kHz
SILENCE_DB = 35.0  # a frame this far below the clip's loudest counts as silent
CENTROID_WINDOW = 512
REAL_OR_SYNTHETIC = "real or synthetic voice"
WHICH_IS_REAL = "which recording is the real person"
WHERE_EDITED = "where was this recording edited"


@dataclass
class Clip:
    key: str
    label: str
    technique: str
    source_group: str
    parent_key: str
    spans: list[tuple[float, float]]
    features: dict[str, float]


@dataclass
class KindResult:
    kind: str
    n: int
    baseline: float
    score: float | None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def leaks(self) -> bool:
        return self.score is not None and self.score - self.baseline > MAX_GAIN


# Measurements -----------------------------------------------------------------


def measure(data: bytes) -> dict[str, float]:
    """The five measurements of one recording file (as served), from one ffmpeg call that
    decodes it to 16 kHz samples and prints the spectral centroid of each window."""
    if not audio.sniff(data):
        raise audio.MediaError("not a recording")
    done = subprocess.run(  # noqa: S603 (the wheel's ffmpeg; arguments built here, data on stdin)
        [audio.ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", "-i", "pipe:0", "-filter_complex",
         f"[0:a]aformat=sample_rates={audio.RATE}:channel_layouts=mono,asplit=2[pcm][s];"
         f"[s]aspectralstats=win_size={CENTROID_WINDOW}:measure=centroid,"
         f"ametadata=mode=print:file=/dev/stderr,anullsink",
         "-map", "[pcm]", "-f", "s16le", "pipe:1"],
        input=data, capture_output=True, timeout=audio.FFMPEG_TIMEOUT_S, check=False,
    )  # fmt: skip
    if done.returncode != 0 or not done.stdout:
        raise audio.MediaError("the recording could not be decoded")
    samples = array("h")
    samples.frombytes(done.stdout[: len(done.stdout) // 2 * 2])
    values = [s / 32768 for s in samples]
    energies = [
        sum(v * v for v in values[i : i + FRAME]) / FRAME for i in range(0, len(values) - FRAME + 1, FRAME)
    ]
    levels = [10 * math.log10(e + 1e-12) for e in energies] or [-120.0]
    loudest = max(levels)
    mean_square = sum(v * v for v in values) / max(1, len(values))
    centroids = [float(m) for m in re.findall(r"centroid=([0-9.eE+-]+)", done.stderr.decode())]
    return {
        "bytes": float(len(data)),
        "duration": len(values) / audio.RATE,
        "rms": 10 * math.log10(mean_square + 1e-12),
        "centroid": weighted_centroid(centroids, values),
        "silence": sum(level < loudest - SILENCE_DB for level in levels) / len(levels),
    }


def weighted_centroid(centroids: list[float], values: list[float]) -> float:
    """The energy-weighted mean of ffmpeg's per-window spectral centroids (512-sample
    windows, half overlapping): where in frequency the clip's energy sits, in Hz."""
    hop = CENTROID_WINDOW // 2
    total = weighted = 0.0
    for i, centroid in enumerate(centroids):
        window = values[i * hop : i * hop + CENTROID_WINDOW]
        energy = sum(v * v for v in window)
        if math.isfinite(centroid):
            total += energy
            weighted += energy * centroid
    return weighted / total if total else 0.0


# Learning ---------------------------------------------------------------------


def _standardise(rows):
    columns = list(zip(*rows, strict=True))
    means = [sum(c) / len(c) for c in columns]
    stds = [
        math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) or 1.0 for c, m in zip(columns, means, strict=True)
    ]
    return [[(v - m) / s for v, m, s in zip(row, means, stds, strict=True)] for row in rows]


def _fit(rows, labels, weights, *, steps=300, rate=0.3, l2=0.01):
    coef = [0.0] * (len(rows[0]) + 1)
    total = sum(weights)
    for _ in range(steps):
        gradient = [0.0] * len(coef)
        for row, y, w in zip(rows, labels, weights, strict=True):
            z = coef[0] + sum(c * v for c, v in zip(coef[1:], row, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            gradient[0] += w * (p - y)
            for j, v in enumerate(row, start=1):
                gradient[j] += w * (p - y) * v
        coef = [
            c - rate * (g / total + (l2 * c if j else 0))
            for j, (c, g) in enumerate(zip(coef, gradient, strict=True))
        ]
    return coef


def _predict(coef, row) -> int:
    return int(coef[0] + sum(c * v for c, v in zip(coef[1:], row, strict=True)) > 0)


def _folds(groups: list[str], labels: list[int], folds: int, seed: int) -> list[int]:
    """Fold of each row; rows of one source group share a fold (so a sentence heard in
    training is never tested), groups dealt out per label so every fold has both."""
    rng = random.Random(seed)
    by_group: dict[str, int] = {}
    order = sorted(set(groups))
    rng.shuffle(order)
    for n, group in enumerate(order):
        by_group[group] = n % folds
    return [by_group[g] for g in groups]


def cross_validated(
    rows, labels, groups, *, balanced: bool, folds: int = FOLDS, repeats: int = REPEATS
) -> float:
    """Cross-validated accuracy (or balanced accuracy) of a logistic regression, folds by
    source group, classes weighted equally when `balanced`; the mean over `repeats` different
    deals of the groups into folds, since a family has only a dozen or so real recordings and
    one deal alone swings by several points."""
    scores = [_cross_validated_once(rows, labels, groups, balanced=balanced, folds=folds, seed=seed)
              for seed in range(repeats)]  # fmt: skip
    return sum(scores) / len(scores)


def _cross_validated_once(rows, labels, groups, *, balanced: bool, folds: int, seed: int) -> float:
    rows = _standardise(rows)
    fold_of = _folds(groups, labels, folds, seed)
    right = defaultdict(int)
    seen = defaultdict(int)
    for fold in range(folds):
        train = [i for i in range(len(rows)) if fold_of[i] != fold]
        test = [i for i in range(len(rows)) if fold_of[i] == fold]
        if not test or len({labels[i] for i in train}) < 2:
            continue
        counts = defaultdict(int)
        for i in train:
            counts[labels[i]] += 1
        weights = [(len(train) / (2 * counts[labels[i]])) if balanced else 1.0 for i in train]
        coef = _fit([rows[i] for i in train], [labels[i] for i in train], weights)
        for i in test:
            seen[labels[i]] += 1
            right[labels[i]] += _predict(coef, rows[i]) == labels[i]
    if balanced:
        return sum(right[y] / seen[y] for y in seen) / len(seen)
    return sum(right.values()) / max(1, sum(seen.values()))


# The audit per question kind -----------------------------------------------------


def audit_real_or_synthetic(clips: list[Clip]) -> list[KindResult]:
    items = [c for c in clips if c.technique in ("recording", "tts")]
    labels = [int(c.label == "synthetic") for c in items]
    if min(labels.count(0), labels.count(1)) < 4:
        return [KindResult(REAL_OR_SYNTHETIC, len(items), 0.5, None, "too few clips")]
    rows = [[c.features[f] for f in FEATURES] for c in items]
    groups = [c.source_group for c in items]
    majority = max(labels.count(0), labels.count(1)) / len(labels)
    return [
        KindResult(REAL_OR_SYNTHETIC, len(items), 0.5, cross_validated(rows, labels, groups, balanced=True),
                   "balanced accuracy against 50 % (the kind draws real and synthetic equally often)"),
        KindResult(REAL_OR_SYNTHETIC, len(items), majority, cross_validated(rows, labels, groups, balanced=False),
                   "plain accuracy against the majority label of the family"),
    ]  # fmt: skip


def audit_which_is_real(clips: list[Clip], *, seed: int = 0) -> list[KindResult]:
    rng = random.Random(seed)
    real = {c.source_group: c for c in clips if c.technique == "recording"}
    rows, labels, groups = [], [], []
    smaller_is_real = pairs = 0
    for fake in (c for c in clips if c.technique == "tts" and c.source_group in real):
        person = real[fake.source_group]
        first_is_real = rng.random() < 0.5
        a, b = (person, fake) if first_is_real else (fake, person)
        rows.append([a.features[f] - b.features[f] for f in FEATURES])
        labels.append(int(first_is_real))
        groups.append(fake.source_group)
        # A tie (same size) counts half: the size then says nothing either way.
        smaller_is_real += (person.features["bytes"] < fake.features["bytes"]) + 0.5 * (
            person.features["bytes"] == fake.features["bytes"]
        )
        pairs += 1
    if pairs < 8:
        return [KindResult(WHICH_IS_REAL, pairs, 0.5, None, "too few pairs")]
    score = cross_validated(rows, labels, groups, balanced=True)
    edge = smaller_is_real / pairs
    return [
        KindResult(WHICH_IS_REAL, pairs, 0.5, score, "balanced accuracy on side-randomised pairs"),
        KindResult(
            WHICH_IS_REAL, pairs, 0.5, max(edge, 1 - edge), "'the smaller file is the real one' (or larger)"
        ),
    ]


def audit_where_edited(clips: list[Clip]) -> list[KindResult]:
    edits = [c for c in clips if c.spans and c.technique in ("cut", "splice")]
    by_key = {c.key: c for c in clips}
    parents = [by_key[e.parent_key] for e in edits if e.parent_key in by_key]
    results = []
    if len(edits) >= 4 and len(parents) >= 4:
        items = edits + parents
        rows = [[c.features[f] for f in FEATURES] for c in items]
        labels = [1] * len(edits) + [0] * len(parents)
        groups = [c.source_group for c in items]
        results.append(KindResult(WHERE_EDITED, len(items), 0.5, cross_validated(rows, labels, groups, balanced=True),
                                  "edited clip against the clip it was cut from, balanced accuracy"))  # fmt: skip
    if len(edits) >= 2:
        results.append(_fixed_place(edits))
    return results or [KindResult(WHERE_EDITED, len(edits), 0.0, None, "too few edits")]


def _hits(clip: Clip, fraction: float) -> bool:
    t = fraction * clip.features["duration"]
    return any(start <= t <= end for start, end in clip.spans)


def _fixed_place(edits: list[Clip]) -> KindResult:
    """Leave-one-out: the fixed fraction of the timeline that hits most of the other
    edits, tried on the one left out; against the chance of a random point."""
    grid = [i / 40 for i in range(1, 40)]
    hits = 0
    for i, held in enumerate(edits):
        rest = [c for j, c in enumerate(edits) if j != i]
        best = max(grid, key=lambda f: (sum(_hits(c, f) for c in rest), -abs(f - 0.5)))
        hits += _hits(held, best)
    chance = sum(sum(e - s for s, e in c.spans) / c.features["duration"] for c in edits) / len(edits)
    return KindResult(WHERE_EDITED, len(edits), chance, hits / len(edits),
                      "one fixed place on the timeline (leave-one-out) against a random point")  # fmt: skip


def audit(clips: list[Clip]) -> list[KindResult]:
    return audit_real_or_synthetic(clips) + audit_which_is_real(clips) + audit_where_edited(clips)


def clip_from_manifest(entry: dict, data: bytes) -> Clip:
    return Clip(
        key=entry["key"],
        label=entry["label"],
        technique=entry["technique"],
        source_group=entry.get("source_group", entry["key"]),
        parent_key=entry.get("derived_from", ""),
        spans=[
            (t["start"], t["end"]) for t in entry.get("tells", []) if entry["technique"] in ("cut", "splice")
        ],
        features=measure(data),
    )


def clip_from_example(example) -> Clip:
    """What a learner's browser receives for one recording: its quiz rendition."""
    quiz = next(r for r in example.renditions.all() if r.purpose == "quiz")
    with quiz.file.open("rb") as handle:
        data = handle.read()
    return Clip(
        key=example.key,
        label=example.label,
        technique=example.technique,
        source_group=example.source_group or example.key,
        parent_key=example.derived_from.key if example.derived_from_id else "",
        spans=[(t["start"], t["end"]) for t in example.tells if example.technique in ("cut", "splice")],
        features=measure(data),
    )


def report_lines(results: list[KindResult]) -> list[str]:
    lines = [f"{'question kind':<36} {'n':>4} {'baseline':>9} {'shortcut':>9}  what"]
    for r in results:
        score = f"{r.score:.1%}" if r.score is not None else "too few"
        flag = "  LEAK" if r.leaks else ""
        lines.append(f"{r.kind:<36} {r.n:>4} {r.baseline:>9.1%} {score:>9}  {r.note}{flag}")
    return lines


def audit_pack_folder(folder) -> list[KindResult]:
    """The audit over a pack folder's recordings (run by contentgen/run.sh after building)."""
    import json
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    folder = Path(folder)
    entries = [
        e
        for e in json.loads((folder / "manifest.json").read_text())["examples"]
        if e["file"].endswith(".mp3")
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        clips = list(pool.map(lambda e: clip_from_manifest(e, (folder / e["file"]).read_bytes()), entries))
    return audit(clips)
