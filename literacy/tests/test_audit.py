"""The pack audit finds a label hidden in file sizes or statistics, and
banks that share a source; it stays quiet when only the pixels differ."""

import random

import pytest
from django.core.management import CommandError, call_command

from literacy import audit
from literacy.tests.factories import make_example


def _item(n, label, *, size, family="f", use="study", item_set="", group="", parent="", noise=None):
    rng = noise or random.Random(n)
    features = {f: rng.gauss(0, 1) for f in audit.FEATURES}
    features["bytes_small"] = features["bytes_large"] = size
    return audit.Item(
        key=f"k{n}", family=family, label=label, use=use, item_set=item_set, source_group=group or f"g{n}",
        parent_key=parent, features=features, dhash=random.Random(n * 7919).getrandbits(64),
    )  # fmt: skip


def test_a_label_that_file_size_gives_away_is_a_leak():
    rng = random.Random(1)
    items = [_item(n, "real", size=rng.gauss(100_000, 5_000)) for n in range(20)]
    items += [_item(n, "synthetic", size=rng.gauss(70_000, 5_000)) for n in range(20, 40)]
    report = audit.audit(items)
    (family,) = report.families
    assert family.accuracy > 0.9 and family.pair_edge > 0.4 and family.leaks
    assert not report.ok


def test_labels_that_only_the_pixels_tell_pass():
    rng = random.Random(2)
    items = [_item(n, "real" if n % 2 else "synthetic", size=rng.gauss(80_000, 8_000)) for n in range(60)]
    report = audit.audit(items)
    (family,) = report.families
    assert family.accuracy - family.baseline <= audit.MAX_GAIN
    assert family.pair_edge <= audit.MAX_PAIR_EDGE
    assert report.ok


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
    from literacy.tests.factories import image_bytes

    png = image_bytes(size=(96, 64), seed=5)
    jpeg = image_bytes("JPEG", size=(96, 64), seed=5, quality=70)
    other = image_bytes(size=(96, 64), seed=6)
    assert audit.hamming(audit.dhash(png), audit.dhash(jpeg)) < audit.NEAR_COPY_BITS
    assert audit.hamming(audit.dhash(png), audit.dhash(other)) > audit.NEAR_COPY_BITS


@pytest.mark.django_db
def test_audit_pack_reads_the_library_and_fails_on_a_leak(capsys):
    for n in range(6):
        make_example(key=f"real-{n}", family="leaky", size=(96, 96))
        make_example(key=f"fake-{n}", family="leaky", label="synthetic", size=(24, 24))
    with pytest.raises(CommandError, match="without judging the picture"):
        call_command("audit_pack")
    out = capsys.readouterr().out
    assert "leaky" in out and "LEAK" in out
