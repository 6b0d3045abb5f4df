"""Class-level maths on plain numbers (no Django): item analysis and gains."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from quizzes.scoring import MeanInterval, mean_interval

# Upper and lower 27 % groups: Kelley (1939), J. Educational Psychology 30(1),
# the usual split for the discrimination index.
GROUP_SHARE = 0.27


def discrimination_index(results: Sequence[tuple[float, bool]]) -> float | None:
    """results: (learner's total score, right on this item) per learner.

    D = share right in the top 27 % by total score minus share right in the
    bottom 27 %. Needs at least 4 learners (one in each group)."""
    if len(results) < 4:
        return None
    ranked = sorted(results, key=lambda r: r[0])
    size = max(1, round(len(ranked) * GROUP_SHARE))
    low, high = ranked[:size], ranked[-size:]
    return sum(r for _, r in high) / size - sum(r for _, r in low) / size


def paired_gains(pairs: Sequence[tuple[float | None, float | None]]) -> tuple[list[float], MeanInterval]:
    """Post minus pre for each learner who has both, and their mean with a 95 % CI."""
    gains = [post - pre for pre, post in pairs if pre is not None and post is not None]
    return gains, mean_interval(gains)


D_PRIME = "d\u2032"  # d prime, written as the class page writes it


def _excludes_zero(interval: MeanInterval) -> bool:
    return interval.low is not None and (interval.low > 0 or interval.high < 0)


def learning_verdict(
    accuracy: MeanInterval, d_prime: MeanInterval, criterion: MeanInterval
) -> tuple[str, str] | None:
    """What a pre/post change means, as (key, sentence) for a teacher.

    Accuracy can rise because students tell real from fake better (d' rises)
    or because they say "synthetic" more often on a test where that pays off
    (criterion c moves, d' does not). c below zero means a lean to calling
    things synthetic, so a falling c is a shift towards "synthetic". Only
    intervals that exclude zero count as a change; with fewer than two
    students there is no interval and no verdict."""
    if d_prime.low is None or criterion.low is None:
        return None
    if _excludes_zero(d_prime):
        if d_prime.low > 0:
            return (
                "learned",
                f"Students got better at telling real from fake: {D_PRIME} rose and its interval excludes zero.",
            )
        return (
            "worse",
            f"Students got worse at telling real from fake: {D_PRIME} fell and its interval excludes zero.",
        )
    if _excludes_zero(criterion):
        towards = "synthetic" if criterion.high < 0 else "real"
        lead = f"accuracy changed, but {D_PRIME}" if _excludes_zero(accuracy) else D_PRIME
        return (
            "bias",
            f"Only a shift in bias: {lead} did not change reliably, and students now call more images {towards}."
            " Suspicion is not skill: discuss what evidence should decide a call.",
        )
    return (
        "unclear",
        f"No reliable change yet in {D_PRIME} or in bias; more students or more items would narrow the intervals.",
    )


def verdict_changes(held: Sequence[str], final: str) -> int:
    """How often a learner changed their verdict after a tool's result: `held`
    is the verdict they had chosen as they opened each tool ("" for none yet),
    `final` the verdict they gave. A change counts only between two verdicts
    actually chosen."""
    chosen = [v for v in [*held, final] if v]
    return sum(1 for before, after in itertools.pairwise(chosen) if before != after)


def most_common_path(paths: Sequence[tuple[tuple[str, ...], str]]) -> tuple[tuple[str, ...], str, int] | None:
    """The (tools in order, verdict) taken most often, with how many took it;
    ties go to the shorter path, then alphabetically, so the answer is stable."""
    counts: dict[tuple[tuple[str, ...], str], int] = {}
    for path in paths:
        counts[path] = counts.get(path, 0) + 1
    if not counts:
        return None
    (tools, verdict), n = min(counts.items(), key=lambda kv: (-kv[1], len(kv[0][0]), kv[0]))
    return tools, verdict, n
