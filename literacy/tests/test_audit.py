"""The pack audit finds a label hidden in file sizes or statistics, and
banks that share a source; it stays quiet when only the pixels differ. What
decides pass or fail is what can be graded: a study-only family is measured
and shown, never failed. A hash match between pictures whose hash is mostly
pattern (a smooth sky, an aligned generated face) is checked on thumbnails."""

import io
import json
import random

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from PIL import Image

from literacy import audit
from literacy.tests.factories import image_bytes, make_example

PACK = settings.CONTENT_DIR / "starter"


def _item(n, label, *, size, family="f", use="study", item_set="", group="", parent="", noise=None):
    rng = noise or random.Random(n)
    features = {f: rng.gauss(0, 1) for f in audit.FEATURES}
    features["bytes_small"] = features["bytes_large"] = size
    return audit.Item(
        key=f"k{n}", family=family, label=label, use=use, item_set=item_set, source_group=group or f"g{n}",
        parent_key=parent, features=features, dhash=random.Random(n * 7919).getrandbits(64),
        thumbnail=tuple(random.Random(n * 104729).randrange(256) for _ in range(audit.THUMBNAIL_SIZE**2)),
    )  # fmt: skip


def _sized_by_label(*, use_of):
    """A family whose synthetic items are much smaller files than its real ones."""
    rng = random.Random(1)
    items = [_item(n, "real", size=rng.gauss(100_000, 5_000), use=use_of(n)) for n in range(20)]
    items += [_item(n, "synthetic", size=rng.gauss(70_000, 5_000), use=use_of(n)) for n in range(20, 40)]
    return items


def test_a_label_that_file_size_gives_away_in_a_graded_family_is_a_leak():
    items = _sized_by_label(use_of=lambda n: "assessment" if n % 4 == 0 else "study")
    report = audit.audit(items)
    (family,) = report.families
    assert family.graded == 10
    assert family.accuracy > 0.9 and family.pair_edge > 0.4 and family.leaks
    assert not report.ok
    assert report_row(report, "f").endswith("LEAK")


def test_the_same_shortcut_in_a_study_only_family_is_reported_but_does_not_fail():
    report = audit.audit(_sized_by_label(use_of=lambda n: "study"))
    (family,) = report.families
    assert family.graded == 0
    assert family.over_limit and not family.leaks
    assert report.ok
    row = report_row(report, "f")
    assert f"{family.accuracy:.1%}" in row and f"{family.pair_edge:.1%}" in row
    assert row.endswith("study only, not graded: over the limit, reported only")
    assert any(
        line.startswith("study only, never in a graded quiz") and "f" in line
        for line in audit.report_lines(report)
    )


def report_row(report, family):
    return next(line for line in audit.report_lines(report) if line.split()[0] == family)


def test_labels_that_only_the_pixels_tell_pass():
    rng = random.Random(2)
    items = [
        _item(n, "real" if n % 2 else "synthetic", size=rng.gauss(80_000, 8_000), use="assessment")
        for n in range(60)
    ]
    report = audit.audit(items)
    (family,) = report.families
    assert family.accuracy - family.baseline <= audit.MAX_GAIN
    assert family.pair_edge <= audit.MAX_PAIR_EDGE
    assert report.ok
    assert report_row(report, "f").endswith("pass")


def test_banks_that_share_a_source_a_parent_or_a_near_copy_are_reported():
    study = _item(1, "real", size=1, group="photo-kite")
    graded = _item(2, "synthetic", size=1, use="assessment", item_set="pre", group="photo-kite")
    child = _item(3, "synthetic", size=1, use="assessment", item_set="post", parent="k1")
    copy = _item(4, "real", size=1, use="assessment", item_set="post")
    copy.dhash = study.dhash ^ 0b11  # two bits apart
    problems = audit.lineage_problems([study, graded, child, copy])
    assert any("photo-kite" in p for p in problems)
    assert any("k3" in p and "derived from k1" in p for p in problems)
    assert any("k4 is a near-copy of study item k1" in p for p in problems)


def test_the_difference_hash_survives_resizing_and_reencoding():
    png = image_bytes(size=(96, 64), seed=5)
    jpeg = image_bytes("JPEG", size=(96, 64), seed=5, quality=70)
    other = image_bytes(size=(96, 64), seed=6)
    assert audit.hamming(audit.dhash(png), audit.dhash(jpeg)) < audit.NEAR_COPY_BITS
    assert audit.hamming(audit.dhash(png), audit.dhash(other)) > audit.NEAR_COPY_BITS


def test_a_hash_is_low_in_detail_near_an_even_ramp_or_its_familys_layout():
    assert audit.hash_detail(0) == audit.hash_detail(2**64 - 1) == 0
    assert audit.hash_detail(0b111) == 3
    template = random.Random(3).getrandbits(64)
    assert audit.majority_hash([template, template ^ 1, template ^ 2]) == template
    near = template ^ 0b1011
    assert audit.hash_detail(near, template) == 3
    # Without its family's layout, the same hash is far from any pattern.
    assert audit.hash_detail(near) == min(near.bit_count(), 64 - near.bit_count()) > audit.LOW_DETAIL_BITS


# The starter pack's false matches ---------------------------------------------------

FALSE_MATCHES = [
    ("stylegan-swap-post-44", "stylegan-1201"),
    ("photo-aqua-left", "photo-summer-1am-left"),
    ("photo-aqua-left", "photo-summer-1am-retouch"),
]


def _pack_item(entry, data, **changes):
    item = audit.Item(
        key=entry["key"], family=entry["family"], label=entry["label"], use=entry["use"],
        item_set=entry.get("set") or "", source_group=entry.get("source_group") or entry["key"],
        parent_key=entry.get("derived_from") or "", features={},
        dhash=audit.dhash(data), thumbnail=audit.thumbnail(data),
    )  # fmt: skip
    for name, value in changes.items():
        setattr(item, name, value)
    return item


def _resized_copy(data: bytes, *, scale=0.6, quality=70) -> bytes:
    with Image.open(io.BytesIO(data)) as opened:
        picture = opened.convert("RGB")
    picture = picture.resize(
        (round(picture.width * scale), round(picture.height * scale)), Image.Resampling.BICUBIC
    )
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality)
    return out.getvalue()


def test_pack_pictures_with_little_hash_detail_are_not_near_copies_but_their_copies_are():
    entries = {e["key"]: e for e in json.loads((PACK / "manifest.json").read_text())["examples"]}
    # All of faces-hd, whose majority hash is the layout its aligned faces share.
    keys = {k for k, e in entries.items() if e["family"] == "faces-hd"} | {
        k for pair in FALSE_MATCHES for k in pair
    }
    data = {k: (PACK / entries[k]["file"]).read_bytes() for k in keys}
    items = [_pack_item(entries[k], data[k]) for k in sorted(keys)]
    by_key = {i.key: i for i in items}
    for a, b in FALSE_MATCHES:
        # The hash alone would call them one picture ...
        assert audit.hamming(by_key[a].dhash, by_key[b].dhash) < audit.NEAR_COPY_BITS
        # ... but the thumbnails do not agree.
        assert audit.correlation(by_key[a].thumbnail, by_key[b].thumbnail) < 0.6

    # Graded copies, resized to 60% and re-encoded, of a smooth sky (little
    # detail: an even ramp), an aligned face (little detail: its family's layout)
    # and a face whose hash has detail of its own (the hash alone decides).
    templates = {"faces-hd": audit.majority_hash([i.dhash for i in items if i.family == "faces-hd"])}
    detailed = next(
        i.key for i in items
        if i.family == "faces-hd" and i.use == "study"
        and audit.hash_detail(i.dhash, templates["faces-hd"]) >= audit.LOW_DETAIL_BITS + 8
    )  # fmt: skip
    originals = ["photo-summer-1am-left", "stylegan-1201", detailed]
    assert [audit.hash_detail(by_key[k].dhash, templates.get(by_key[k].family)) < audit.LOW_DETAIL_BITS
            for k in originals] == [True, True, False]  # fmt: skip
    copies = [
        _pack_item(
            entries[k], _resized_copy(data[k]), key=f"copy-of-{k}", use="assessment", item_set="post",
            source_group=f"copy-of-{k}", parent_key="",
        )
        for k in originals
    ]  # fmt: skip

    dismissed = []
    problems = audit.lineage_problems(items + copies, dismissed=dismissed)
    near = [p for p in problems if "near-copy" in p]
    assert len(near) == len(originals) + 1  # + the retouched sky, an edit of the same photo
    found = {k: next(p for p in near if p.startswith(f"graded copy-of-{k} ") and f"study item {k}" in p)
             for k in originals}  # fmt: skip
    assert (
        "thumbnails correlate" in found["photo-summer-1am-left"]
        and "thumbnails correlate" in found["stylegan-1201"]
    )
    assert found[detailed].endswith("(perceptual hash)")
    assert any("copy-of-photo-summer-1am-left" in p and "photo-summer-1am-retouch" in p for p in near)
    for a, b in FALSE_MATCHES:
        assert not any(a in p and b in p for p in problems)
        assert any(f"graded {a} ~ study item {b}:" in d and "not a near-copy" in d for d in dismissed)


@pytest.mark.django_db
def test_audit_pack_reads_the_library_and_fails_on_a_leak_in_a_graded_family(capsys):
    for n in range(6):
        use = "assessment" if n < 2 else "study"
        make_example(key=f"real-{n}", family="leaky", size=(96, 96), use=use, item_set="pre" if n < 2 else "")
        make_example(key=f"fake-{n}", family="leaky", label="synthetic", size=(24, 24))
    with pytest.raises(CommandError, match="without judging the picture"):
        call_command("audit_pack")
    out = capsys.readouterr().out
    assert "leaky" in out and "LEAK" in out


@pytest.mark.django_db
def test_audit_pack_shows_an_easy_study_only_family_without_failing(capsys):
    for n in range(6):
        make_example(key=f"real-{n}", family="early", size=(96, 96))
        make_example(key=f"fake-{n}", family="early", label="synthetic", size=(24, 24))
    call_command("audit_pack")
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("early "))
    assert "%" in row and row.endswith("study only, not graded: over the limit, reported only")
    assert "LEAK" not in out
    assert "No shortcut found in what is graded. Over the limit in study-only families" in out
    assert "early" in out.splitlines()[-1]
