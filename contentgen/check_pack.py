"""Check the committed starter pack (stdlib only): counts, hashes, fields, tells."""

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path


def check(folder: Path) -> list[str]:
    manifest = json.loads((folder / "manifest.json").read_text())
    examples = manifest["examples"]
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
            for t in tells:
                if not (
                    t["x"] >= 0 and t["y"] >= 0 and t["x"] + t["w"] <= 1.0001 and t["y"] + t["h"] <= 1.0001
                ):
                    problems.append(f"{e['key']}: tell outside the image")
    return problems


if __name__ == "__main__":
    problems = check(Path(sys.argv[1] if len(sys.argv) > 1 else "content/starter"))
    print("\n".join(problems) or "starter pack OK")
    sys.exit(1 if problems else 0)
