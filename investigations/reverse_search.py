"""Reverse image search over the starter pack's pictures (plain Python, no Django).

The index holds the library's originals: every unaltered camera photograph in the pack that no graded
question uses (not its recaptioned copies) with its dHash variants; a query image matches an
item when its whole-picture hash is within MATCH_DISTANCE of any of the item's variants.

Hashing the originals takes most of a second, too long for the first search after a start, so
investigations/build_cases.py stores the hashes in content/cases/hashes.json with each file's SHA-256;
an item whose file no longer matches its stored SHA-256 (or has none stored) is hashed again here.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from investigations.hashing import MATCH_DISTANCE, best_distance, dhash, has_detail, hash_variants

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "content" / "starter"
HASHES = ROOT / "content" / "cases" / "hashes.json"
INDEXED_FAMILIES = {"photos-hd", "scenes", "objects-hd", "faces-hd", "objects", "portraits"}


@dataclass(frozen=True)
class Match:
    key: str
    distance: int
    source: str
    lineage: str


def indexed(examples: list[dict]) -> list[dict]:
    """The camera originals the search can find. Graded (assessment) items are left out: a screenshot
    of a test question put through "Check a file" must not come back as "a camera original"."""
    return [
        item
        for item in examples
        if item["family"] in INDEXED_FAMILIES
        and item["technique"] == "photograph"
        and item.get("use") != "assessment"
    ]


def item_variants(item: dict) -> tuple[int, ...]:
    with Image.open(STARTER / item["file"]) as image:
        return tuple(hash_variants(image))


def stored_hashes(examples: list[dict]) -> dict:
    """What build_cases writes to HASHES: pack key -> the file's SHA-256 and its hash variants (hex)."""
    return {
        item["key"]: {"sha256": item["sha256"], "variants": [f"{v:016x}" for v in item_variants(item)]}
        for item in indexed(examples)
    }


def _stored() -> dict:
    return json.loads(HASHES.read_text())["hashes"] if HASHES.exists() else {}


@lru_cache(maxsize=1)
def pack_index() -> tuple[tuple[str, tuple[int, ...], str, str], ...]:
    examples = json.loads((STARTER / "manifest.json").read_text())["examples"]
    stored = _stored()
    rows = []
    for item in indexed(examples):
        kept = stored.get(item["key"])
        if kept and kept["sha256"] == item.get("sha256"):
            variants = tuple(int(value, 16) for value in kept["variants"])
        else:
            variants = item_variants(item)
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
