"""Check a built pack (stdlib only): counts, hashes, fields, tells.

python contentgen/check_pack.py content/starter        (early pack)
python contentgen/check_pack.py content/starter   (realistic pack: also lineage, noncommercial,
                                                        source_group, era, banks, matched pre/post)
"""

import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REQUIRED = ("key", "file", "sha256", "title", "label", "technique", "family", "difficulty", "use", "explanation",
            "source", "author", "licence")  # fmt: skip
NEW_FIELDS = ("lineage", "noncommercial", "source_group", "era")
TECHNIQUES = {"photograph", "gan", "vae", "diffusion", "face_swap", "splice", "object_removal", "clone", "retouch",
              "out_of_context", "other", "recording", "tts", "cut"}  # fmt: skip
# Words in an explanation that name a part of the frame, and where that part is.
REGION_WORDS = {
    "top": lambda cx, cy: cy < 0.5, "bottom": lambda cx, cy: cy > 0.5,
    "left": lambda cx, cy: cx < 0.5, "right": lambda cx, cy: cx > 0.5,
}  # fmt: skip


def tell_points(t):
    if t["shape"] == "span":  # a recording's tell is a span of time, not a place on a picture
        return []
    if t["shape"] == "rect":
        return [(t["x"], t["y"]), (t["x"] + t["w"], t["y"] + t["h"])]
    return [tuple(p) for p in t["points"]]


def tell_centre(t):
    pts = tell_points(t)
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


def check_common(folder: Path, examples) -> list[str]:
    problems = []
    keys = Counter(e["key"] for e in examples)
    problems += [f"duplicate key {k}" for k, n in keys.items() if n > 1]
    for e in examples:
        path = folder / e["file"]
        if not path.exists():
            problems.append(f"{e['key']}: missing {e['file']}")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != e["sha256"]:
            problems.append(f"{e['key']}: sha256 mismatch")
        for field in ("licence", "source", "technique", "explanation"):
            if not e.get(field):
                problems.append(f"{e['key']}: missing {field}")
        if e["label"] == "synthetic":
            tells = e.get("tells") or []
            if not tells:
                problems.append(f"{e['key']}: no tell")
        for t in e.get("tells") or []:
            if not all(-1e-4 <= x <= 1.0001 and -1e-4 <= y <= 1.0001 for x, y in tell_points(t)):
                problems.append(f"{e['key']}: tell outside the image")
    return problems


def check_early(folder: Path, examples) -> list[str]:
    problems = []
    published = [e for e in examples if e.get("status", "published") == "published"]
    labels = Counter(e["label"] for e in published)
    if len(published) < 150:
        problems.append(f"only {len(published)} published examples (need 150)")
    if labels["real"] < 60 or labels["synthetic"] < 60:
        problems.append(f"labels {dict(labels)} (need 60 of each)")
    if len({e["technique"] for e in published}) < 6:
        problems.append("fewer than 6 techniques")
    families = {e["family"] for e in published}
    if len(families) < 6:
        problems.append("fewer than 6 families")
    if {e["difficulty"] for e in published} != {1, 2, 3, 4, 5}:
        problems.append("difficulties 1 to 5 are not all present")
    for family in families:
        if {e["label"] for e in published if e["family"] == family} != {"real", "synthetic"}:
            problems.append(f"family {family} lacks one label")
    share = sum(1 for e in published if e["use"] == "assessment") / len(published)
    if not 0.2 <= share <= 0.45:
        problems.append(f"assessment share {share:.0%} is not about a third")
    return problems


def band(d):
    return "easier" if d <= 3 else "harder"  # as contentgen/finish.py band()


def check_next(folder: Path, examples) -> list[str]:
    problems = []
    by_key = {e["key"]: e for e in examples}
    for e in examples:
        k = e["key"]
        for f in REQUIRED + NEW_FIELDS:
            if f not in e or e[f] in (None, ""):
                problems.append(f"{k}: missing {f}")
        if not re.fullmatch(r"[a-z0-9-]{3,80}", k.replace("_", "-")) or "_" in k:
            problems.append(f"{k}: bad key")
        if e["technique"] not in TECHNIQUES:
            problems.append(f"{k}: technique {e['technique']}")
        if e["technique"] == "photograph" and e["label"] != "real":
            problems.append(f"{k}: photograph must be real")
        if e["technique"] == "out_of_context" and not (
            e.get("caption") and e.get("true_context") and e["label"] == "real"
        ):
            problems.append(f"{k}: out_of_context needs caption, true_context, label real")
        if e["label"] == "synthetic" and not e.get("generator"):
            problems.append(f"{k}: synthetic without generator")
        if "CC-BY" in e.get("licence", "") and not e.get("attribution"):
            problems.append(f"{k}: CC BY without attribution")
        if e.get("era") not in ("early", "current"):
            problems.append(f"{k}: era {e.get('era')}")
        if not isinstance(e.get("noncommercial"), bool):
            problems.append(f"{k}: noncommercial must be true or false")
        if e["use"] == "assessment":
            if e.get("set") not in ("pre", "post"):
                problems.append(f"{k}: graded without pre/post set")
            if e.get("era") == "early":
                problems.append(f"{k}: early item in the graded bank")
        elif "set" in e:
            problems.append(f"{k}: study item with a set")
        if (
            e.get("family") == "faces-hd"
            and e["technique"] != "out_of_context"
            and ("StyleGAN2" not in e.get("lineage", "") or e.get("noncommercial") is not True)
        ):
            problems.append(f"{k}: generated face without StyleGAN2/FFHQ non-commercial lineage")
        if e.get("family") == "faces-64" and e["label"] == "synthetic" and e.get("noncommercial") is not True:
            problems.append(f"{k}: DigiFace-1M lineage must be non-commercial")
        # Explanation names a region of the frame: the tell must be there.
        m = re.search(
            r"\b(?:into|in|over|from) the (top|bottom|middle)? ?(left|right|centre)?\b",
            e.get("explanation", ""),
        )
        if m and e["label"] == "synthetic" and e.get("era") == "current" and e.get("tells"):
            cx, cy = tell_centre(e["tells"][0])
            words = [w for w in m.groups() if w and w in REGION_WORDS]
            if not all(REGION_WORDS[w](cx, cy) for w in words):
                problems.append(
                    f"{k}: explanation says '{m.group(0)}' but the tell is centred at ({cx:.2f}, {cy:.2f})"
                )

    # Banks: each source group in exactly one of study / pre / post; parents in the same bank.
    def bank(e):
        return e["use"] if e["use"] == "study" else e["set"]

    groups = defaultdict(set)
    for e in examples:
        for g in [e["source_group"], *((e.get("made") or {}).get("source_groups") or [])]:
            groups[g].add(bank(e))
    problems += [f"source group {g} in several banks: {sorted(b)}" for g, b in groups.items() if len(b) > 1]
    for e in examples:
        parent = e.get("derived_from")
        if parent:
            if parent not in by_key:
                problems.append(f"{e['key']}: derived_from {parent} not in pack")
            elif bank(by_key[parent]) != bank(e):
                problems.append(f"{e['key']}: parent {parent} in another bank")
    # Graded bank: size, techniques, matched cells, equal labels per real-or-synthetic family.
    graded = [e for e in examples if e["use"] == "assessment"]
    if len(graded) < 120:
        problems.append(f"only {len(graded)} graded items (need 120)")
    if len({e["technique"] for e in graded if e["label"] == "synthetic"}) < 4:
        problems.append("graded bank has fewer than 4 manipulation techniques")
    cells = Counter(
        (e["family"], e["label"], e["technique"], band(e["difficulty"]), e["set"]) for e in graded
    )
    for (fam, lab, tech, b, s), n in cells.items():
        other = "post" if s == "pre" else "pre"
        if cells.get((fam, lab, tech, b, other), 0) != n:
            problems.append(
                f"cell {fam}/{lab}/{tech}/{b}: {s} has {n}, {other} has {cells.get((fam, lab, tech, b, other), 0)}"
            )
    # Voices: every real recording has eleven synthetic readings; the voice kinds draw real and
    # synthetic equally often instead (quizzes/kinds/voice_real_or_synth.py).
    for fam in {e["family"] for e in graded} - {"voices"}:
        labels = {e["label"] for e in graded if e["family"] == fam}
        if labels == {"real", "synthetic"}:
            for s in ("pre", "post"):
                c = Counter(e["label"] for e in graded if e["family"] == fam and e["set"] == s)
                if c["real"] != c["synthetic"]:
                    problems.append(f"{fam} {s}: {c['real']} real vs {c['synthetic']} synthetic")
    size = sum((folder / e["file"]).stat().st_size for e in examples if (folder / e["file"]).exists())
    if size > 70 * 1024 * 1024:
        problems.append(f"pack is {size / 1e6:.1f} MB (limit 70 MiB)")
    faces = [e for e in examples if e["family"] == "faces-hd" and e["technique"] == "gan"]
    if len(faces) < 200:
        problems.append(f"only {len(faces)} generated faces (need 200)")
    return problems


def check(folder: Path) -> list[str]:
    examples = json.loads((folder / "manifest.json").read_text())["examples"]
    problems = check_common(folder, examples)
    if any("era" in e for e in examples):
        problems += check_next(folder, examples)
    else:
        problems += check_early(folder, examples)
    return problems


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "content/starter")
    problems = check(folder)
    print("\n".join(problems) or f"{folder}: pack OK")
    sys.exit(1 if problems else 0)
