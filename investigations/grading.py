"""Grading an investigation: the verdict, whether the pinned evidence supports it, how directly.

Plain functions, no Django.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Grade:
    verdict_correct: bool
    evidence_supports: bool
    action_correct: bool
    directness: float  # share of the tools opened that were on the expert's path, 0..1
    score: float  # 0..1: verdict 0.5, evidence 0.3, action 0.2


def grade(case: dict, *, verdict: str, action: str, pinned: list[str], opened: list[str]) -> Grade:
    verdict_correct = verdict == case["verdict"]
    supporting = set(case["supporting_tools"])
    # Evidence counts only with the right verdict: a true fact pinned under a wrong verdict supports nothing.
    evidence_supports = verdict_correct and bool(supporting & set(pinned))
    action_correct = action == case["action"]
    useful = [tool for tool in dict.fromkeys(opened) if tool in supporting]
    directness = len(useful) / len(set(opened)) if opened else 0.0
    score = 0.5 * verdict_correct + 0.3 * evidence_supports + 0.2 * action_correct
    return Grade(verdict_correct, evidence_supports, action_correct, round(directness, 2), round(score, 2))
