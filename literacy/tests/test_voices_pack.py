"""The voices family of the committed starter pack: every real sentence read by
every engine, cheapfakes with their edited ranges, honest credits, and no way
to a voice question's answer from the file without listening (the audit)."""

import json
import random
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from literacy import audit_voices
from literacy.families import VOICES

PACK = settings.CONTENT_DIR / "starter"


def voices():
    examples = json.loads((PACK / "manifest.json").read_text())["examples"]
    return [e for e in examples if e["family"] == VOICES]


def test_every_real_sentence_is_read_by_every_engine_in_its_own_bank():
    clips = voices()
    real = {e["source_group"]: e for e in clips if e["technique"] == "recording"}
    assert len(real) >= 14
    engines = {e["made"]["engine"] for e in clips if e["technique"] == "tts"}
    assert len(engines) >= 8
    for group, person in real.items():
        readings = [e for e in clips if e["technique"] == "tts" and e["source_group"] == group]
        assert {e["made"]["engine"] for e in readings} == engines, group
        for e in readings:
            assert e["transcript"] == person["transcript"] and e["derived_from"] == person["key"]
            assert (e["use"], e.get("set")) == (person["use"], person.get("set")), e["key"]


def test_the_graded_banks_are_matched_and_share_no_recording():
    clips = voices()
    bank = {}
    for e in clips:
        assert bank.setdefault(e["source_group"], e.get("set") or "study") == (e.get("set") or "study"), e[
            "key"
        ]
    cells = defaultdict(Counter)
    for e in clips:
        if e["use"] == "assessment":
            cells[e["set"]][(e["label"], e["technique"])] += 1
    assert cells["pre"] == cells["post"] and cells["pre"][("real", "recording")] >= 3


def test_cheapfakes_record_the_edited_time_range_inside_the_clip():
    edits = [e for e in voices() if e["technique"] in ("cut", "splice")]
    assert len(edits) >= 6 and {e["technique"] for e in edits} == {"cut", "splice"}
    for e in edits:
        (tell,) = e["tells"]
        assert tell["shape"] == "span" and 0 <= tell["start"] < tell["end"] <= e["made"]["duration_s"], e[
            "key"
        ]
        assert e["transcript"] != e["made"]["original_transcript"]


def test_credits_and_the_piper_voice_says_its_lineage_is_non_commercial():
    for e in voices():
        assert e["licence"] and e["lineage"] and e["source"], e["key"]
        if "Piper" in e.get("generator", ""):
            assert e["noncommercial"] and "non-commercial" in e["lineage"], e["key"]
        else:
            assert not e["noncommercial"], e["key"]


@pytest.fixture(scope="module")
def measured():
    clips = voices()

    def clip(e):
        return audit_voices.clip_from_manifest(e, (PACK / e["file"]).read_bytes())

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(clip, clips))


def test_a_real_clip_and_its_synthetic_twins_play_at_the_same_loudness_and_length(measured):
    by_group = defaultdict(list)
    for c in measured:
        if c.technique in ("recording", "tts"):
            by_group[c.source_group].append(c)
    gaps = []
    for group, clips in by_group.items():
        (person,) = [c for c in clips if c.technique == "recording"]
        for c in clips:
            # The twin is levelled to the person's overall RMS after the one loudness target.
            assert abs(c.features["rms"] - person.features["rms"]) < 0.5, (group, c.key)
            gaps.append((abs(c.features["duration"] / person.features["duration"] - 1), c.key))
    # Lengths are matched (speaking time, then silence at the ends); a few engines cannot be
    # stretched far enough for a two-word clip, so a handful stay up to a quarter longer.
    assert max(gaps)[0] < 0.25, max(gaps)
    assert sum(gap < 0.05 for gap, _ in gaps) >= 0.95 * len(gaps), sorted(gaps)[-10:]


def test_no_voice_question_can_be_answered_from_the_file_without_listening(measured):
    results = audit_voices.audit(measured)
    report = "\n".join(audit_voices.report_lines(results))
    assert {r.kind for r in results} == {
        audit_voices.REAL_OR_SYNTHETIC, audit_voices.WHICH_IS_REAL, audit_voices.WHERE_EDITED
    }, report  # fmt: skip
    assert all(r.score is not None for r in results), report
    assert not [r for r in results if r.leaks], report


def _clip(n, label, technique="tts", *, duration, group=None, spans=()):
    rng = random.Random(n)
    features = {f: rng.gauss(0, 1) for f in audit_voices.FEATURES}
    features["duration"] = duration
    return audit_voices.Clip(
        key=f"k{n}", label=label, technique=technique, source_group=group or f"g{n % 7}", parent_key="",
        spans=list(spans), features=features,
    )  # fmt: skip


def test_the_audit_catches_a_label_that_the_duration_gives_away():
    clips = [_clip(n, "real", "recording", duration=3.0 + n / 100) for n in range(12)]
    clips += [_clip(n, "synthetic", duration=2.0 + n / 100) for n in range(12, 40)]
    (balanced, _plain) = audit_voices.audit_real_or_synthetic(clips)
    assert balanced.score > 0.9 and balanced.leaks


def test_the_audit_catches_edits_always_made_at_the_same_place():
    edits = [_clip(n, "synthetic", "cut", duration=4.0, spans=[(1.8, 2.2)]) for n in range(8)]
    (place,) = [r for r in audit_voices.audit_where_edited(edits) if "fixed place" in r.note]
    assert place.score == 1.0 and place.leaks
    spread = [
        _clip(n, "synthetic", "cut", duration=4.0, spans=[(0.3 + n * 0.45, 0.6 + n * 0.45)]) for n in range(8)
    ]
    (place,) = [r for r in audit_voices.audit_where_edited(spread) if "fixed place" in r.note]
    assert not place.leaks
