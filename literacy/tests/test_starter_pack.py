"""The committed starter pack: complete, honest and importable."""

import hashlib
import json
import re
from collections import Counter

import pytest
from django.conf import settings

from literacy.families import FACES
from literacy.families import PHOTOS as PHOTO_FAMILIES
from literacy.packs import read_pack

PACK = settings.CONTENT_DIR / "starter"


def manifest():
    return json.loads((PACK / "manifest.json").read_text())["examples"]


def test_every_file_exists_with_its_hash_and_every_example_is_documented():
    for e in manifest():
        data = (PACK / e["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"], e["key"]
        for field in ("licence", "source", "technique", "explanation", "author"):
            assert e.get(field), (e["key"], field)
        if e["label"] == "synthetic":
            assert e.get("generator") and e.get("tells"), e["key"]
            for t in e["tells"]:
                assert t.get("note")
                if t["shape"] == "rect":
                    assert (
                        t["x"] >= 0
                        and t["y"] >= 0
                        and t["x"] + t["w"] <= 1.0001
                        and t["y"] + t["h"] <= 1.0001
                    )


def test_the_pack_has_the_promised_breadth():
    examples = [e for e in manifest() if e.get("status", "published") == "published"]
    current = [e for e in examples if e.get("era") == "current"]
    early = [e for e in examples if e.get("era") == "early"]
    # The early generators are history: study only, never graded.
    assert early and all(e["use"] == "study" and not e.get("set") for e in early)
    graded = [e for e in examples if e["use"] == "assessment"]
    assert all(e in current for e in graded) and len(graded) >= 120
    assert len({e["technique"] for e in graded}) >= 4
    pre = [e for e in graded if e.get("set") == "pre"]
    post = [e for e in graded if e.get("set") == "post"]
    assert len(pre) + len(post) == len(graded) and len(pre) >= 24 and len(post) >= 24
    # Matched cells: the two sets hold the same (family, label, technique) counts.
    assert Counter((e["family"], e["label"], e["technique"]) for e in pre) == Counter(
        (e["family"], e["label"], e["technique"]) for e in post
    )
    for family in PHOTO_FAMILIES:
        for item_set in (pre, post):
            labels = Counter(e["label"] for e in item_set if e["family"] == family)
            assert labels["real"] == labels["synthetic"] > 0, (family, labels)
    # The shipped pack has no photos of ordinary people: generated faces are
    # graded only as "where was this face swapped", never as real or fake.
    assert {e["label"] for e in graded if e["family"] == FACES} == {"synthetic"}
    assert {e["technique"] for e in graded if e["family"] == FACES} == {"face_swap"}
    assert len({e["difficulty"] for e in examples}) >= 3


def test_every_file_carries_its_lineage_and_the_banks_share_no_source():
    examples = manifest()
    bank_of = {}
    for e in examples:
        assert e.get("lineage") and e.get("source_group") and e.get("era") in ("early", "current"), e["key"]
        assert isinstance(e.get("noncommercial"), bool), e["key"]
        bank = e.get("set") or "study"
        assert bank_of.setdefault(e["source_group"], bank) == bank, (e["key"], e["source_group"])
    by_key = {e["key"]: e for e in examples}
    for e in examples:
        if e.get("derived_from"):
            parent = by_key[e["derived_from"]]
            assert (parent.get("set") or "study") == (e.get("set") or "study"), e["key"]
    # Every StyleGAN face says so: its lineage is non-commercial.
    for e in examples:
        if "StyleGAN" in e.get("generator", "") or "StyleGAN" in e["lineage"]:
            assert e["noncommercial"], e["key"]


REGION_RE = re.compile(r"\b(top|middle|bottom)[ -](left|centre|center|right)\b")
ROWS = {"top": (0, 1 / 3), "middle": (1 / 3, 2 / 3), "bottom": (2 / 3, 1)}
COLUMNS = {"left": (0, 1 / 3), "centre": (1 / 3, 2 / 3), "center": (1 / 3, 2 / 3), "right": (2 / 3, 1)}


def _centre(tells):
    points = []
    for t in tells:
        if t["shape"] == "rect":
            points.append((t["x"] + t["w"] / 2, t["y"] + t["h"] / 2))
        else:
            xs, ys = zip(*t["points"], strict=True)
            points.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2))
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def test_an_explanation_that_names_a_place_names_where_the_pixels_changed():
    checked = 0
    for e in manifest():
        match = REGION_RE.search(e["explanation"])
        if e["label"] != "synthetic" or e.get("era") != "current" or not match:
            continue
        x, y = _centre(e["tells"])
        (top, bottom), (left, right) = ROWS[match.group(1)], COLUMNS[match.group(2)]
        slack = 0.1
        assert top - slack <= y <= bottom + slack and left - slack <= x <= right + slack, (
            e["key"], match.group(0), round(x, 2), round(y, 2)
        )  # fmt: skip
        checked += 1
    assert checked >= 20


def test_within_a_family_files_share_size_and_format_whatever_the_label():
    from PIL import Image

    seen = {}
    for e in manifest():
        if e["file"].endswith(".mp3"):
            # Recordings: one MPEG audio frame header (layer III, 48 kbit/s, 16 kHz, mono) for all.
            header = (PACK / e["file"]).read_bytes()[:4]
            seen.setdefault(e["family"], set()).add((header[1], header[2] & 0xFC, header[3] & 0xC0))
            continue
        with Image.open(PACK / e["file"]) as im:
            seen.setdefault(e["family"], set()).add((im.size, im.format))
    for family, kinds in seen.items():
        assert len(kinds) == 1, (family, kinds)


@pytest.mark.django_db
def test_the_importer_accepts_the_pack():
    pack = read_pack(PACK)
    assert len(pack.entries) == len(manifest())
