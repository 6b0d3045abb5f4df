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

Pass or fail is about what is graded. A family holding assessment examples
can be drawn by a graded quiz (a graded quiz's pool takes only assessment
examples, `quizzes.services._pool`, and the seeded pre- and post-tests ask
about assessment examples), so a shortcut there fails the audit. A study-only
family (the early digits, textures and objects) is never graded: its figures
are still reported, marked "study only", and an easy family there is no fault.

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
# Perceptual hashes closer than this (of 64 bits) are the same picture, unless
# one of them has too little detail of its own (below).
NEAR_COPY_BITS = 6
# The detail floor. A difference hash says little about a picture when its bits
# are what any picture of the kind would give: a smooth sky or wall brightens
# the same way in every cell (all bits 0 or all 1), and aligned generated faces
# share one layout, so most bits follow their family's majority hash. Unrelated
# hashes are about 32 bits apart (binomial, 64 bits, sd 4); a hash within 12
# bits (5 sd) of all-0, all-1 or its family's majority hash is mostly pattern.
# Measured on the starter pack's quiz renditions: the faces stylegan-swap-post-44
# and stylegan-1201 are 6 and 9 bits from the faces-hd majority (family median
# 22), photo-aqua-left and photo-summer-1am-left 5 and 0 bits from all-0;
# 30 of the pack's 530 pictures are below the floor (22 of them faces).
LOW_DETAIL_BITS = 12
# A family's majority hash is a shared layout only over this many pictures.
TEMPLATE_MIN_ITEMS = 8
# A hash match of a low-detail picture is a near-copy only if the 16x16 grey
# thumbnails also correlate this well (Pearson; tone-invariant, like the hash).
# Measured on the starter pack's quiz renditions (its 419 pictures of 256 px
# or more): copies resized to 60% and re-encoded as JPEG (q70) correlate
# >= 0.996, copies brightened and contrasted by 12% >= 0.99; the three false
# hash matches above correlate 0.44 to 0.56, the closest unrelated faces (7
# bits apart) 0.90. Copies cropped by 3% a side that the hash still matched
# correlate 0.96 in the median, as low as 0.84 (a sample of 83 pictures), so
# such a crop of a low-detail picture can pass unflagged.
THUMBNAIL_SIZE = 16
MIN_THUMBNAIL_CORRELATION = 0.95
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
    # The 16x16 grey thumbnail (row by row), for the detail floor; empty when
    # unknown, and then a hash match stands.
    thumbnail: tuple[int, ...] = ()


@dataclass
class FamilyResult:
    family: str
    n: int
    real: int
    synthetic: int
    baseline: float
    accuracy: float | None
    pair_edge: float | None
    # Assessment examples in the family: more than none and it is graded.
    graded: int = 0

    @property
    def over_limit(self) -> bool:
        """Size or statistics tell the label better than the limits allow."""
        gain = (self.accuracy or 0) - self.baseline
        return gain > MAX_GAIN or (self.pair_edge is not None and self.pair_edge > MAX_PAIR_EDGE)

    @property
    def leaks(self) -> bool:
        """Over the limit in a family a graded quiz can draw from."""
        return self.graded > 0 and self.over_limit


@dataclass
class AuditReport:
    families: list[FamilyResult] = field(default_factory=list)
    lineage_problems: list[str] = field(default_factory=list)
    # Hash matches the detail floor set aside, with the figures that did it.
    dismissed: list[str] = field(default_factory=list)

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


def thumbnail(data: bytes) -> tuple[int, ...]:
    """The picture in 16x16 grey levels, each the mean of its block."""
    with Image.open(io.BytesIO(data)) as opened:
        small = opened.convert("L").resize((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.BOX)
    return tuple(small.get_flattened_data())


def correlation(a: Sequence[float], b: Sequence[float]) -> float:
    """Pearson correlation of two thumbnails; two flat ones correlate 1 if they
    are one grey, a flat one with anything else 0."""
    sa, sb = _std(a), _std(b)
    if not sa or not sb:
        return float(not sa and not sb and abs(_mean(a) - _mean(b)) < 1)
    ma, mb = _mean(a), _mean(b)
    return _mean([(x - ma) * (y - mb) for x, y in zip(a, b, strict=True)]) / (sa * sb)


def majority_hash(hashes: Sequence[int]) -> int:
    """Each bit as most of the hashes have it (a tie gives 0)."""
    bits = 0
    for bit in range(64):
        bits |= (2 * sum((h >> bit) & 1 for h in hashes) > len(hashes)) << bit
    return bits


def hash_detail(h: int, template: int | None = None) -> int:
    """How far a hash is from the patterns that carry no picture of its own:
    all-0 and all-1 (an even ramp of brightness) and its family's majority."""
    ones = h.bit_count()
    distances = [ones, 64 - ones] + ([hamming(h, template)] if template is not None else [])
    return min(distances)


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
        graded = sum(m.use == "assessment" for m in members)
        report.families.append(
            FamilyResult(family, len(members), real, synthetic, baseline, accuracy, edge, graded)
        )
    report.lineage_problems = lineage_problems(items, dismissed=report.dismissed)
    return report


def lineage_problems(items: list[Item], *, dismissed: list[str] | None = None) -> list[str]:
    """Study, pre-test and post-test banks share no source, no parent, no near-copy.
    Hash matches that the detail floor sets aside go to `dismissed`, with figures."""
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
    templates = _family_templates(items)
    for g in graded:
        for s in study:
            if hamming(g.dhash, s.dhash) >= NEAR_COPY_BITS:
                continue
            detail = min(hash_detail(i.dhash, templates.get(i.family)) for i in (g, s))
            if detail >= LOW_DETAIL_BITS or not (g.thumbnail and s.thumbnail):
                problems.append(f"graded {g.key} is a near-copy of study item {s.key} (perceptual hash)")
                continue
            r = correlation(g.thumbnail, s.thumbnail)
            pair = f"graded {g.key} ~ study item {s.key}: hash {hamming(g.dhash, s.dhash)} bits apart"
            if r >= MIN_THUMBNAIL_CORRELATION:
                problems.append(f"{pair}, thumbnails correlate {r:.2f}: a near-copy")
            elif dismissed is not None:
                dismissed.append(
                    f"{pair}, but the hash has little detail ({detail} bits from a pattern) "
                    f"and the thumbnails correlate only {r:.2f}: not a near-copy"
                )
    return problems


def _family_templates(items: list[Item]) -> dict[str, int]:
    hashes = defaultdict(list)
    for item in items:
        hashes[item.family].append(item.dhash)
    return {f: majority_hash(h) for f, h in hashes.items() if len(h) >= TEMPLATE_MIN_ITEMS}


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
        thumbnail=thumbnail(largest),
    )


def report_lines(report: AuditReport) -> list[str]:
    lines = [
        f"{'family':<24} {'n':>4} {'real':>5} {'synth':>5} {'graded':>6} {'baseline':>9} {'classifier':>11} "
        f"{'pair edge':>10}  result"
    ]
    for f in report.families:
        if f.accuracy is not None:
            accuracy = f"{f.accuracy:.1%}"
        else:
            accuracy = "one label" if not (f.real and f.synthetic) else "too few"
        edge = f"{f.pair_edge:.1%}" if f.pair_edge is not None else "-"
        if f.graded:
            result = "LEAK" if f.leaks else ("pass" if f.accuracy is not None else "graded, not measured")
        else:
            result = "study only, not graded" + (": over the limit, reported only" if f.over_limit else "")
        lines.append(
            f"{f.family:<24} {f.n:>4} {f.real:>5} {f.synthetic:>5} {f.graded:>6} {f.baseline:>9.1%} "
            f"{accuracy:>11} {edge:>10}  {result}"
        )
    graded = [f.family for f in report.families if f.graded]
    study = [f.family for f in report.families if not f.graded]
    lines.append(
        f"limits: classifier at most baseline + {MAX_GAIN:.0%}, pair edge at most {MAX_PAIR_EDGE:.0%}; "
        f"they decide for the graded families ({', '.join(graded) or 'none here'})"
    )
    if study:
        lines.append(f"study only, never in a graded quiz, figures for information: {', '.join(study)}")
    lines += [f"lineage: {p}" for p in report.lineage_problems] or [
        "lineage: study, pre and post banks are disjoint"
    ]
    lines += [f"lineage, set aside: {d}" for d in report.dismissed]
    return lines
