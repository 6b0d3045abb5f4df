"""Class-level maths on plain numbers (no Django): item analysis and gains."""

from __future__ import annotations

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
