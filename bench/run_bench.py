"""`make bench`: seed a large data set, serve it with gunicorn on 127.0.0.1 and
measure the main pages with locust, on SQLite and on PostgreSQL.

Writes bench/results/bench-<date>.md and .json. Figures on 2 cores swing by
about 30 % run to run, so the report leads with ratios measured in the same
run (answer submission against the trivial view), not absolute numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server

ROOT = server.ROOT
LOCUST = ROOT / "bench" / ".venv" / "bin" / "locust"
USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
SEED = os.environ.get("BENCH_SEED", "--classes 30 --students 30 --quizzes 20 --attempts 20000").split()
DATABASES = {
    "sqlite": "sqlite",
    "postgresql": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/dll_bench"),
}
SCENARIOS = [
    "trivial",
    "answer",
    "next_question",
    "library",
    "lesson",
    "dashboard",
    "csv_export",
    "static",
]
GOALS = {
    "answer_ratio": 0.5,
    "answer_p95_ms": 100,
    "dashboard_median_ms": 50,
    "quiz_page_weight_kb": 60,
}


def run_locust(base: str, scenario: str, targets: Path, workdir: Path) -> dict:
    prefix = workdir / f"locust-{scenario}"
    env = {**os.environ, "BENCH_TARGETS": str(targets), "BENCH_SCENARIO": scenario}
    done = subprocess.run(
        [
            str(LOCUST),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{SECONDS}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "5",
            "--loglevel",
            "WARNING",
        ],
        check=False,
        env=env,
        capture_output=True,
        timeout=SECONDS + 120,
        text=True,
    )
    if not Path(f"{prefix}_stats.csv").exists():
        raise SystemExit(f"locust wrote no statistics for {scenario}:\n{done.stderr[-3000:]}")
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    row = rows.get(scenario) or rows["Aggregated"]
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "median_ms": float(row["Median Response Time"]),
        "p95_ms": float(row["95%"]),
    }


def bench_database(name: str, url: str) -> dict:
    env, workdir = server.prepare(url, label=f"bench-{name}", seed_args=SEED)
    targets = workdir / "targets.json"
    server.manage("bench_targets", "--out", str(targets), env=env, quiet=True)
    queries = json.loads(server.manage("bench_queries", "--targets", str(targets), env=env, quiet=True))
    results = {
        "queries": queries["queries"],
        "page_weight_kb": queries.get("page_weight_kb"),
        "scenarios": {},
    }
    with server.gunicorn(env) as (base, _proc):
        for scenario in SCENARIOS:
            print(f"[{name}] {scenario}: {USERS} users for {SECONDS}s", flush=True)
            results["scenarios"][scenario] = run_locust(base, scenario, targets, workdir)
    trivial = results["scenarios"]["trivial"]["rps"]
    results["answer_ratio"] = round(results["scenarios"]["answer"]["rps"] / trivial, 2) if trivial else None
    return results


def verdicts(db: dict) -> dict[str, bool]:
    s = db["scenarios"]
    return {
        "answer at half the trivial view's throughput or better": (db["answer_ratio"] or 0)
        >= GOALS["answer_ratio"],
        "answer p95 under 100 ms": s["answer"]["p95_ms"] < GOALS["answer_p95_ms"],
        "zero errors": all(v["errors"] == 0 for v in s.values()),
        "dashboard median under 50 ms": s["dashboard"]["median_ms"] < GOALS["dashboard_median_ms"],
        "quiz page weight under 60 KB": (db.get("page_weight_kb") or 999) < GOALS["quiz_page_weight_kb"],
    }


def write_report(results: dict) -> Path:
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
    (out_dir / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2))
    lines = [
        f"# Benchmark {results['date']}",
        "",
        f"Machine: {results['machine']}, {results['cores']} cores. gunicorn 2 workers, production settings, "
        f"locust {USERS} users for {SECONDS} s per row, on 127.0.0.1. Seed: `{' '.join(SEED)}`.",
    ]
    for name, db in results["databases"].items():
        lines += [
            "",
            f"## {name}",
            "",
            f"Answer submission throughput: **{db['answer_ratio']}x** the trivial view's. "
            f"Quiz page weight (HTML, CSS, JS, compressed, no images): {db.get('page_weight_kb')} KB.",
            "",
            "| scenario | req/s | median ms | p95 ms | errors | requests | DB queries |",
            "|---|---|---|---|---|---|---|",
        ]
        for scenario, r in db["scenarios"].items():
            lines.append(
                f"| {scenario} | {r['rps']} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} | {r['errors']} "
                f"| {r['requests']} | {db['queries'].get(scenario, '')} |"
            )
        lines += ["", "Goals:"]
        lines += [f"- {'met' if ok else 'NOT met'}: {goal}" for goal, ok in verdicts(db).items()]
    path = out_dir / f"bench-{stamp}.md"
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return path


def main() -> None:
    only = os.environ.get("BENCH_ONLY")
    results = {
        "date": dt.datetime.now().isoformat(timespec="minutes"),
        "machine": platform.platform(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "databases": {},
    }
    for name, url in DATABASES.items():
        if only and only != name:
            continue
        results["databases"][name] = bench_database(name, url)
    write_report(results)


if __name__ == "__main__":
    main()
