"""The pack audit: can anything but judging the picture tell a label?

An outsider can read what a quiz sends without looking at the picture: the
bytes of each rendition, its dimensions, and crude statistics of the whole
image (brightness, contrast, colourfulness, sharpness, JPEG blockiness,
entropy). If those predict real against synthetic within a family, learners
win on the file, not the skill. Per family this module fits a cross-validated
logistic regression on those features and compares it with the majority
baseline; it also checks which-is-real pairs (is the smaller file the real
one?), and that graded items share no source photo or generator seed with the
study library, and no near-copy by perceptual hash.

Plain Python and Pillow: the app ships no numpy. Sizes are small (a family has
tens to hundreds of items), so a few hundred gradient steps are instant.
"""

from __future__ import annotations

import io
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageFilter, ImageStat

# A classifier may beat the majority baseline by at most this much (issue #16).
MAX_GAIN = 0.10
# Which-is-real pairs: "the smaller file is real" may be right at most this
# much more often than a coin (0.5 + 0.10).
MAX_PAIR_EDGE = 0.10
# Perceptual hashes closer than this (of 64 bits) are the same picture.
NEAR_COPY_BITS = 6
FOLDS = 5
MIN_PER_LABEL = 4

FEATURES = (
    "bytes_small", "bytes_large", "width", "height", "brightness", "contrast", "colourfulness",
    "sharpness", "blockiness", "entropy",
)  # fmt: skip


@dataclass
class Item:
    key: str
    family: str
    label: str
    use: str
    item_set: str
    source_group: str
    parent_key: str
    features: dict[str, float]
    dhash: int


@dataclass
class FamilyResult:
    family: str
    n: int
    real: int
    synthetic: int
    baseline: float
    accuracy: float | None
    pair_edge: float | None

    @property
    def leaks(self) -> bool:
        gain = (self.accuracy or 0) - self.baseline
        return gain > MAX_GAIN or (self.pair_edge is not None and self.pair_edge > MAX_PAIR_EDGE)


@dataclass
class AuditReport:
    families: list[FamilyResult] = field(default_factory=list)
    lineage_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.lineage_problems and not any(f.leaks for f in self.families)


# Image statistics ---------------------------------------------------------------


def image_statistics(data: bytes) -> dict[str, float]:
    with Image.open(io.BytesIO(data)) as opened:
        rgb = opened.convert("RGB")
    grey = rgb.convert("L")
    stat = ImageStat.Stat(grey)
    r, g, b = (list(band.get_flattened_data()) for band in rgb.split())
    rg = [x - y for x, y in zip(r, g, strict=True)]
    yb = [(x + y) / 2 - z for x, y, z in zip(r, g, b, strict=True)]
    # Hasler and Suesstrunk (2003), "Measuring colourfulness in natural images".
    colourfulness = math.hypot(_std(rg), _std(yb)) + 0.3 * math.hypot(_mean(rg), _mean(yb))
    edges = grey.filter(ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128))
    return {
        "brightness": stat.mean[0],
        "contrast": stat.stddev[0],
        "colourfulness": colourfulness,
        "sharpness": ImageStat.Stat(edges).var[0],
        "blockiness": _blockiness(grey),
        "entropy": grey.entropy(),
    }


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _std(values: Sequence[float]) -> float:
    m = _mean(values)
    return math.sqrt(_mean([(v - m) ** 2 for v in values]))


def _blockiness(grey: Image.Image) -> float:
    """Mean jump across 8-pixel block borders over the mean jump elsewhere:
    JPEG's 8x8 blocks show as a ratio above 1."""
    width, height = grey.size
    pixels = grey.load()
    border, inner = [], []
    for y in range(0, height, 2):
        for x in range(1, width):
            jump = abs(pixels[x, y] - pixels[x - 1, y])
            (border if x % 8 == 0 else inner).append(jump)
    return (_mean(border) + 1) / (_mean(inner) + 1)


def dhash(data: bytes) -> int:
    """A 64-bit difference hash: survives resizing and re-encoding."""
    with Image.open(io.BytesIO(data)) as opened:
        small = opened.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = list(small.get_flattened_data())
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (pixels[row * 9 + col] > pixels[row * 9 + col + 1])
    return bits


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


# Learning ------------------------------------------------------------------------


def _standardise(rows: list[list[float]]) -> list[list[float]]:
    columns = list(zip(*rows, strict=True))
    means = [_mean(c) for c in columns]
    stds = [_std(c) or 1.0 for c in columns]
    return [[(v - m) / s for v, m, s in zip(row, means, stds, strict=True)] for row in rows]


def _fit(
    rows: list[list[float]], labels: list[int], *, steps: int = 400, rate: float = 0.3, l2: float = 0.01
):
    weights = [0.0] * (len(rows[0]) + 1)
    n = len(rows)
    for _ in range(steps):
        gradient = [0.0] * len(weights)
        for row, y in zip(rows, labels, strict=True):
            z = weights[0] + sum(w * v for w, v in zip(weights[1:], row, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            gradient[0] += p - y
            for j, v in enumerate(row, start=1):
                gradient[j] += (p - y) * v
        weights = [
            w - rate * (g / n + (l2 * w if j else 0))
            for j, (w, g) in enumerate(zip(weights, gradient, strict=True))
        ]
    return weights


def _predict(weights, row) -> int:
    return int(weights[0] + sum(w * v for w, v in zip(weights[1:], row, strict=True)) > 0)


def cross_validated_accuracy(
    rows: list[list[float]], labels: list[int], *, folds: int = FOLDS, seed: int = 0
):
    """Stratified k-fold accuracy of a logistic regression on standardised features."""
    rows = _standardise(rows)
    rng = random.Random(seed)
    by_label = defaultdict(list)
    for i, y in enumerate(labels):
        by_label[y].append(i)
    fold_of = {}
    for indices in by_label.values():
        rng.shuffle(indices)
        for n, i in enumerate(indices):
            fold_of[i] = n % folds
    right = 0
    for fold in range(folds):
        train = [i for i in range(len(rows)) if fold_of[i] != fold]
        test = [i for i in range(len(rows)) if fold_of[i] == fold]
        if not test or len({labels[i] for i in train}) < 2:
            continue
        weights = _fit([rows[i] for i in train], [labels[i] for i in train])
        right += sum(_predict(weights, rows[i]) == labels[i] for i in test)
    return right / len(rows)


def pair_edge(real_sizes: list[float], synthetic_sizes: list[float]) -> float:
    """How far "the smaller file is the real one" is from a coin, over every
    real-synthetic pair of a family (the distance of the size AUC from 0.5)."""
    wins = ties = 0
    for r in real_sizes:
        for s in synthetic_sizes:
            wins += r < s
            ties += r == s
    total = len(real_sizes) * len(synthetic_sizes)
    return abs((wins + ties / 2) / total - 0.5) if total else 0.0


# The audit ------------------------------------------------------------------------


def audit(items: list[Item]) -> AuditReport:
    report = AuditReport()
    by_family = defaultdict(list)
    for item in items:
        by_family[item.family].append(item)
    for family, members in sorted(by_family.items()):
        labels = [1 if m.label == "synthetic" else 0 for m in members]
        real, synthetic = labels.count(0), labels.count(1)
        baseline = max(real, synthetic) / len(members)
        accuracy = edge = None
        if min(real, synthetic) >= MIN_PER_LABEL:
            rows = [[m.features[f] for f in FEATURES] for m in members]
            accuracy = cross_validated_accuracy(rows, labels)
            edge = pair_edge(
                [m.features["bytes_large"] for m in members if m.label == "real"],
                [m.features["bytes_large"] for m in members if m.label == "synthetic"],
            )
        report.families.append(FamilyResult(family, len(members), real, synthetic, baseline, accuracy, edge))
    report.lineage_problems = lineage_problems(items)
    return report


def lineage_problems(items: list[Item]) -> list[str]:
    """Study, pre-test and post-test banks share no source, no parent, no near-copy."""
    problems = []
    bank = {i.key: _bank(i) for i in items}
    groups = defaultdict(set)
    for item in items:
        if item.source_group:
            groups[item.source_group].add(bank[item.key])
    for group, banks in sorted(groups.items()):
        if len(banks) > 1:
            problems.append(f"source {group!r} is in more than one bank: {', '.join(sorted(banks))}")
    for item in items:
        if item.parent_key and item.parent_key in bank and bank[item.parent_key] != bank[item.key]:
            problems.append(
                f"{item.key} ({bank[item.key]}) is derived from {item.parent_key} ({bank[item.parent_key]})"
            )
    graded = [i for i in items if bank[i.key] != "study"]
    study = [i for i in items if bank[i.key] == "study"]
    for g in graded:
        for s in study:
            if hamming(g.dhash, s.dhash) < NEAR_COPY_BITS:
                problems.append(f"graded {g.key} is a near-copy of study item {s.key} (perceptual hash)")
    return problems


def _bank(item: Item) -> str:
    return "study" if item.use != "assessment" else f"graded {item.item_set or '(no set)'}"


def item_from_example(example) -> Item:
    """Read what a learner's browser receives for one example: its quiz
    renditions (prefetched on `example.renditions`) and their pixels."""
    quiz = sorted((r for r in example.renditions.all() if r.purpose == "quiz"), key=lambda r: r.width)
    blobs = []
    for rendition in quiz:
        with rendition.file.open("rb") as handle:
            blobs.append(handle.read())
    largest = blobs[-1]
    features = {
        "bytes_small": float(len(blobs[0])),
        "bytes_large": float(len(largest)),
        "width": float(quiz[-1].width),
        "height": float(quiz[-1].height),
        **image_statistics(largest),
    }
    return Item(
        key=example.key,
        family=example.family,
        label=example.label,
        use=example.use,
        item_set=example.item_set,
        source_group=example.source_group,
        parent_key=example.derived_from.key if example.derived_from_id else "",
        features=features,
        dhash=dhash(largest),
    )


def report_lines(report: AuditReport) -> list[str]:
    lines = [
        f"{'family':<20} {'n':>4} {'real':>5} {'synth':>5} {'baseline':>9} {'classifier':>11} {'pair edge':>10}"
    ]
    for f in report.families:
        accuracy = f"{f.accuracy:.1%}" if f.accuracy is not None else "too few"
        edge = f"{f.pair_edge:.1%}" if f.pair_edge is not None else "-"
        flag = "  LEAK" if f.leaks else ""
        lines.append(
            f"{f.family:<20} {f.n:>4} {f.real:>5} {f.synthetic:>5} {f.baseline:>9.1%} {accuracy:>11} {edge:>10}{flag}"
        )
    lines += [f"lineage: {p}" for p in report.lineage_problems] or [
        "lineage: study, pre and post banks are disjoint"
    ]
    return lines
