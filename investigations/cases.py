"""The case file (content/cases/cases.json) and its tools, answered from the project's own data.

Plain Python, no Django. A case's image is addressed by the case key, never by the pack key,
so nothing on the page gives the label away before the learner answers.
"""

import json
from functools import lru_cache
from pathlib import Path

from PIL import Image

from investigations.build_cases import OUT
from investigations.reverse_search import STARTER, search

VERDICT_LABELS = {
    "in_context": "Authentic and in context",
    "miscaptioned": "Authentic but miscaptioned",
    "edited": "Edited",
    "generated": "Wholly generated",
    "cannot_tell": "Cannot tell yet",
}
ACTION_LABELS = {
    "share": "Share it",
    "do_not_share": "Do not share it",
    "report": "Report it",
    "ask_another_way": "Ask the sender another way",
}
TOOL_LABELS = {
    "reverse_search": "Reverse image search",
    "account_history": "Account history",
    "fact_checks": "Search fact-checks and news",
}


@lru_cache(maxsize=1)
def _examples() -> dict:
    return {item["key"]: item for item in json.loads((STARTER / "manifest.json").read_text())["examples"]}


@lru_cache(maxsize=1)
def all_cases() -> tuple[dict, ...]:
    return tuple(json.loads(Path(OUT).read_text())["cases"])


def get_case(key: str) -> dict | None:
    return next((case for case in all_cases() if case["key"] == key), None)


def image_path(pack_key: str) -> Path:
    return STARTER / _examples()[pack_key]["file"]


def run_tool(case: dict, tool: str) -> dict:
    """What a tool shows for this case; keys depend on the tool. Unknown tools raise KeyError."""
    if tool == "reverse_search":
        with Image.open(image_path(case["post"]["image"])) as image:
            matches = search(image, exclude=case["post"]["image"])
        archive = {entry["image"]: entry for entry in case["archive"]}
        rows = [
            {
                "pack_key": m.key,
                "distance": m.distance,
                "source": m.source,
                "lineage": m.lineage,
                "date": archive.get(m.key, {}).get("date"),
            }
            for m in matches
        ]
        rows.sort(key=lambda row: (row["date"] is None, row["date"] or "", row["distance"]))
        return {"matches": rows}
    if tool == "account_history":
        return {"text": case["account_history"]}
    if tool == "fact_checks":
        return {"articles": case["fact_checks"]}
    raise KeyError(tool)
