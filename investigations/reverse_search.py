"""Reverse image search over the starter pack's pictures (plain Python, no Django).

The index holds the library's originals: every unaltered camera photograph in the pack (not its recaptioned copies) with its dHash variants; a query image matches an
item when its whole-picture hash is within MATCH_DISTANCE of any of the item's variants.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from investigations.hashing import MATCH_DISTANCE, best_distance, dhash, has_detail, hash_variants

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "content" / "starter"
INDEXED_FAMILIES = {"photos-hd", "scenes", "objects-hd", "faces-hd", "objects", "portraits"}


@dataclass(frozen=True)
class Match:
    key: str
    distance: int
    source: str
    lineage: str


@lru_cache(maxsize=1)
def pack_index() -> tuple[tuple[str, tuple[int, ...], str, str], ...]:
    examples = json.loads((STARTER / "manifest.json").read_text())["examples"]
    rows = []
    for item in examples:
        if item["family"] not in INDEXED_FAMILIES or item["technique"] != "photograph":
            continue
        with Image.open(STARTER / item["file"]) as image:
            variants = tuple(hash_variants(image))
        rows.append((item["key"], variants, item.get("source", ""), item.get("lineage", "")))
    return tuple(rows)


def search(image: Image.Image, *, exclude: str | None = None, limit: int = 5) -> list[Match]:
    if not has_detail(image):
        return []
    query = dhash(image)
    found = []
    for key, variants, source, lineage in pack_index():
        if key == exclude:
            continue
        distance = best_distance(query, list(variants))
        if distance <= MATCH_DISTANCE:
            found.append(Match(key=key, distance=distance, source=source, lineage=lineage))
    found.sort(key=lambda match: (match.distance, match.key))
    return found[:limit]
