"""The committed starter pack: complete, honest and importable."""

import hashlib
import json
from collections import Counter

import pytest
from django.conf import settings

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
    labels = Counter(e["label"] for e in examples)
    assert len(examples) >= 150 and labels["real"] >= 60 and labels["synthetic"] >= 60
    assert len({e["technique"] for e in examples}) >= 6
    families = {e["family"] for e in examples}
    assert len(families) >= 6
    assert {e["difficulty"] for e in examples} == {1, 2, 3, 4, 5}
    for family in families:
        assert {e["label"] for e in examples if e["family"] == family} == {"real", "synthetic"}, family
    graded = [e for e in examples if e["use"] == "assessment"]
    assert 0.25 <= len(graded) / len(examples) <= 0.4
    pre = [e for e in graded if e.get("set") == "pre"]
    post = [e for e in graded if e.get("set") == "post"]
    assert len(pre) >= 10 and len(post) >= 10 and not {e["key"] for e in pre} & {e["key"] for e in post}


def test_within_a_family_files_share_size_and_format_whatever_the_label():
    from PIL import Image

    seen = {}
    for e in manifest():
        with Image.open(PACK / e["file"]) as im:
            seen.setdefault(e["family"], set()).add((im.size, im.format))
    for family, kinds in seen.items():
        assert len(kinds) == 1, (family, kinds)


@pytest.mark.django_db
def test_the_importer_accepts_the_pack():
    pack = read_pack(PACK)
    assert len(pack.entries) == len(manifest())
