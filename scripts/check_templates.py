"""Template house rules, checked in `make test`: no line over 160 characters
(a reviewer reads a template in a diff), and no question kind compared by
name outside its own partials (the kind registry answers)."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 160
KIND_TEST = re.compile(r"\.kind\s*==\s*[\"'](real_or_synthetic|which_is_real|spot|multiple_choice)")


def problems() -> list[str]:
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        rel = path.relative_to(ROOT)
        for n, line in enumerate(path.read_text().splitlines(), start=1):
            if len(line) > LIMIT:
                found.append(f"{rel}:{n}: {len(line)} characters (at most {LIMIT})")
            if KIND_TEST.search(line):
                found.append(f"{rel}:{n}: compares a question kind by name; ask item.spec instead")
    return found


if __name__ == "__main__":
    issues = problems()
    print("\n".join(issues) if issues else "templates: ok")
    sys.exit(1 if issues else 0)
