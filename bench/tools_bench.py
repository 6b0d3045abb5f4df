"""The investigation tools, for `make bench`: how long each tool of a case takes to answer on the
starter data (issue #17 asks for every tool within 300 ms).

Two measurements:
- in the process (`investigations.cases.run_tool`, what the case page and the investigate question
  call): in a fresh Python process for each tool, the import of the case module (done once when the
  site starts: Django imports it with the app), the tool's first answer (cold: it reads the case
  file, the manifest and the tool's own index), then ROUNDS passes over every case (warm); p50, p95
  and the slowest answer per tool;
- through the site (`make bench`, against its gunicorn): the case page's htmx request for each tool
  and each practice case, one at a time from one visitor, which adds Django, the session and the
  loopback network; p50, p95 and the slowest per tool. Cases a graded form uses are not offered for
  practice: the case list says which are, and they are counted as skipped.

Runs alone: `.venv/bin/python bench/tools_bench.py` (the in-process part; figures in bench/tmp/tools.json).
Loopback only; every request has a timeout and every loop a bound."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
ROUNDS = int(os.environ.get("BENCH_TOOL_ROUNDS", "5"))
HTTP_ROUNDS = int(os.environ.get("BENCH_TOOL_HTTP_ROUNDS", "2"))
GOAL_MS = 300

# Run in a fresh interpreter: the first answer of one tool, then ROUNDS passes over every case.
MEASURE = """
import json, sys, time
tool, rounds = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
from investigations.cases import catalogue, run_tool
imported = time.perf_counter()
cases = catalogue()
run_tool(cases[0], tool)
cold = (time.perf_counter() - imported) * 1000
warm = []
for _ in range(rounds):
    for case in cases:
        began = time.perf_counter()
        run_tool(case, tool)
        warm.append((time.perf_counter() - began) * 1000)
print(json.dumps({"import_ms": (imported - start) * 1000, "cold_ms": cold, "warm_ms": warm, "cases": len(cases)}))
"""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(times: list[float]) -> dict:
    return {
        "n": len(times),
        "p50_ms": round(percentile(times, 0.5), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "max_ms": round(max(times), 2),
    }


def tool_names() -> list[str]:
    code = "import json; from investigations.cases import TOOL_LABELS; print(json.dumps(list(TOOL_LABELS)))"
    done = subprocess.run([str(PYTHON), "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def bench_in_process(rounds: int = ROUNDS) -> dict:
    """Per tool: the import, the cold first answer and the warm answers over every case."""
    results = {}
    for tool in tool_names():
        done = subprocess.run(
            [str(PYTHON), "-c", MEASURE, tool, str(rounds)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        results[tool] = {
            "cases": figures["cases"],
            "rounds": rounds,
            "import_ms": round(figures["import_ms"], 1),
            "cold_ms": round(figures["cold_ms"], 1),
            **summary(figures["warm_ms"]),
        }
    return results


def case_keys() -> list[str]:
    code = "import json; from investigations.cases import catalogue; print(json.dumps([c['key'] for c in catalogue()]))"
    done = subprocess.run([str(PYTHON), "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def practice_keys(opener, base: str) -> list[str]:
    """The cases the site offers for practice, read from its case list as a learner sees it (the
    cases a graded form uses are not on it)."""
    with opener.open(f"{base}/investigate/", timeout=10) as response:
        page = response.read().decode()
    found = dict.fromkeys(re.findall(r'href="/investigate/([a-z0-9-]+)/"', page))
    return [key for key in found if key != "check-a-file"]


def bench_http(base: str, rounds: int = HTTP_ROUNDS) -> dict:
    """Per tool: the htmx request's time over every practice case, one request at a time."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    all_keys, tools = case_keys(), tool_names()
    keys = practice_keys(opener, base)
    times: dict[str, list[float]] = {tool: [] for tool in tools}
    skipped, errors = set(all_keys) - set(keys), 0
    for _ in range(rounds):
        for key in keys:
            for tool in tools:
                url = f"{base}/investigate/{key}/?tool={tool}"
                request = urllib.request.Request(url, headers={"HX-Request": "true"})  # noqa: S310 - loopback
                began = time.perf_counter()
                try:
                    with opener.open(request, timeout=10) as response:
                        response.read()
                except OSError:  # HTTPError included: every practice case should answer
                    errors += 1
                    continue
                times[tool].append((time.perf_counter() - began) * 1000)
    return {
        "tools": {tool: summary(values) for tool, values in times.items() if values},
        "cases": len(keys),
        "skipped_cases": len(skipped),
        "rounds": rounds,
        "errors": errors,
    }


def in_process_lines(in_process: dict) -> list[str]:
    rounds = next(iter(in_process.values()))["rounds"]
    lines = [
        "### Investigation tools: time to answer, in the process",
        "",
        f"`run_tool` for every case, {rounds} rounds (warm); the first answer in a fresh Python process "
        "(reading the case file and the tool's index) after the import of the case module, which the site "
        "does once when it starts.",
        "",
        "| tool | answers | p50 ms | p95 ms | slowest ms | first answer ms | import ms | goal |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for tool, r in in_process.items():
        met = max(r["max_ms"], r["cold_ms"]) < GOAL_MS
        lines.append(
            f"| {tool} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['cold_ms']} | {r['import_ms']} "
            f"| {'met' if met else '**NOT met**'}: under {GOAL_MS} ms |"
        )
    return lines


def http_lines(http: dict, name: str = "") -> list[str]:
    lines = [
        "### Investigation tools: time to answer, through the site" + (f" ({name})" if name else ""),
        "",
        f"The case page's htmx request, one at a time: {http['cases']} practice cases "
        f"({http['skipped_cases']} on graded forms skipped), {http['rounds']} rounds, {http['errors']} errors.",
        "",
        "| tool | requests | p50 ms | p95 ms | slowest ms | goal |",
        "|---|---|---|---|---|---|",
    ]
    for tool, r in http["tools"].items():
        met = r["max_ms"] < GOAL_MS and http["errors"] == 0
        lines.append(
            f"| {tool} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} "
            f"| {'met' if met else '**NOT met**'}: under {GOAL_MS} ms |"
        )
    return lines


def main() -> None:
    base = os.environ.get("BENCH_TOOLS_BASE")  # e.g. http://127.0.0.1:8000 to also time the site
    if base and not base.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("BENCH_TOOLS_BASE must be a loopback address")
    results = {"in_process": bench_in_process()}
    if base:
        results["http"] = bench_http(base.rstrip("/"))
    lines = in_process_lines(results["in_process"])
    if "http" in results:
        lines += ["", *http_lines(results["http"])]
    print("\n".join(lines), flush=True)
    out = ROOT / "bench" / "tmp" / "tools.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"figures in {out}")


if __name__ == "__main__":
    sys.exit(main())
