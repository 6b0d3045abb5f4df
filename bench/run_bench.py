"""`make bench`: seed a large data set, serve it with gunicorn on 127.0.0.1 and
measure it with locust, on SQLite and on PostgreSQL.

For each database: every scenario alone at full tilt (capacity), one teacher
opening the dashboard, and a class at work (students answering at a human
pace while their teacher watches), and the start of a lesson
(bench/lesson_start.py); then each investigation tool's time to answer
(bench/tools_bench.py: in the process once, and through each database's
site). Writes bench/results/bench-<date>.md and
.json. Figures on 2 shared cores swing by 10 to 30 % from run to run; the
ratios and CPU per request measured in the same run move less."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lesson_start
import server
import tools_bench

ROOT = server.ROOT
LOCUST = ROOT / "bench" / ".venv" / "bin" / "locust"
USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CLASSROOM_SECONDS = int(os.environ.get("BENCH_CLASSROOM_SECONDS", "40"))
SEED = os.environ.get("BENCH_SEED", "--classes 30 --students 30 --quizzes 20 --attempts 20000").split()
DATABASES = {
    "sqlite": "sqlite",
    "postgresql": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/dll_bench"),
}
# Capacity: each scenario alone, USERS users sending requests back to back.
SCENARIOS = [
    "trivial",
    "answer",
    "next_question",
    "library",
    "lesson",
    "dashboard",
    "dashboard_poll",
    "csv_export",
    "static",
]
GOALS = {
    "answer_ratio": 0.5,
    "answer_p95_ms": 100,
    "dashboard_median_ms": 50,
    "quiz_page_weight_kb": 60,
}


def cpu_seconds(pgid: int) -> tuple[float, float]:
    """User and system CPU of the live processes in gunicorn's process group,
    and of PostgreSQL's server processes (whose CPU a SQLite run spends inside
    gunicorn)."""
    server = database = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm, rest = (entry / "stat").read_text().rsplit(")", 1)
            fields = rest.split()
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        # Own user and system time, plus that of reaped children: a worker or
        # backend that exits mid-run moves its time to its parent, not away.
        ticks = sum(int(f) for f in fields[11:15])
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            server += ticks
        elif comm.endswith("(postgres"):
            database += ticks
    tick = os.sysconf("SC_CLK_TCK")
    return server / tick, database / tick


def run_locust(base: str, scenario: str, targets: Path, workdir: Path, *, users: int, seconds: int,
               pgid: int) -> dict[str, dict]:  # fmt: skip
    """Run one scenario; its rows by request name, with the server's and the
    load generator's CPU per request."""
    prefix = workdir / f"locust-{scenario}-{users}"
    env = {**os.environ, "BENCH_TARGETS": str(targets), "BENCH_SCENARIO": scenario}
    server_before, database_before = cpu_seconds(pgid)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [
            str(LOCUST),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
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
        timeout=seconds + 120,
        text=True,
    )
    server_after, database_after = cpu_seconds(pgid)
    server_cpu, database_cpu = server_after - server_before, database_after - database_before
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = (children.ru_utime - children_before.ru_utime) + (
        children.ru_stime - children_before.ru_stime
    )
    if not Path(f"{prefix}_stats.csv").exists():
        raise SystemExit(f"locust wrote no statistics for {scenario}:\n{done.stderr[-3000:]}")
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = int(rows["Aggregated"]["Request Count"]) or 1
    result = {}
    for name, row in rows.items():
        if name == "Aggregated":
            continue
        result[name] = {
            "users": users,
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "median_ms": float(row["Median Response Time"]),
            "p95_ms": float(row["95%"]),
            "server_cpu_ms": round(1000 * server_cpu / total, 2),
            "database_cpu_ms": round(1000 * database_cpu / total, 2),
            "loadgen_cpu_ms": round(1000 * locust_cpu / total, 2),
        }
    return result


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
    with server.gunicorn(env) as (base, proc):
        run = functools.partial(run_locust, base, targets=targets, workdir=workdir, pgid=proc.pid)
        for scenario in SCENARIOS:
            print(f"[{name}] {scenario}: {USERS} users for {SECONDS}s", flush=True)
            results["scenarios"].update(run(scenario, users=USERS, seconds=SECONDS))
        print(f"[{name}] dashboard: one teacher for {SECONDS}s", flush=True)
        results["one_teacher"] = run("dashboard", users=1, seconds=SECONDS)["dashboard"]
        # The answers above used up the prepared questions: fresh ones for the class.
        server.manage("bench_targets", "--out", str(targets), env=env, quiet=True)
        print(f"[{name}] classroom: {USERS} students and their teacher for {CLASSROOM_SECONDS}s", flush=True)
        results["classroom"] = run("classroom", users=USERS + 1, seconds=CLASSROOM_SECONDS)
        print(
            f"[{name}] investigation tools: each tool on every practice case, one request at a time",
            flush=True,
        )
        results["investigation_tools"] = tools_bench.bench_http(base)
    s = results["scenarios"]
    results["answer_ratio"] = round(s["answer"]["rps"] / s["trivial"]["rps"], 2)
    results["answer_cpu_ratio"] = round(s["trivial"]["server_cpu_ms"] / s["answer"]["server_cpu_ms"], 2)
    return results


def verdicts(db: dict) -> list[tuple[bool, str]]:
    s, c, one = db["scenarios"], db["classroom"], db["one_teacher"]
    every_row = [*s.values(), *c.values(), one]
    return [
        (
            db["answer_ratio"] >= GOALS["answer_ratio"],
            f"answer throughput at half the trivial view's or better: {db['answer_ratio']}x "
            f"(server CPU per request: {db['answer_cpu_ratio']}x the trivial view's)",
        ),
        (
            c["classroom: answer"]["p95_ms"] < GOALS["answer_p95_ms"],
            f"answer p95 under 100 ms with {USERS} students at work: {c['classroom: answer']['p95_ms']:.0f} ms",
        ),
        (
            s["answer"]["p95_ms"] < GOALS["answer_p95_ms"],
            f"answer p95 under 100 ms with {USERS} users posting back to back: {s['answer']['p95_ms']:.0f} ms",
        ),
        (all(r["errors"] == 0 for r in every_row), "zero errors in every row"),
        (
            one["median_ms"] < GOALS["dashboard_median_ms"],
            f"teacher dashboard (whole page) median under 50 ms: {one['median_ms']:.0f} ms with one teacher, "
            f"{c['classroom: dashboard poll']['median_ms']:.0f} ms for the live poll during the class",
        ),
        (
            (db.get("page_weight_kb") or 999) < GOALS["quiz_page_weight_kb"],
            f"quiz page weight under 60 KB: {db.get('page_weight_kb')} KB",
        ),
    ]


# The classroom mix's request names, and the scenario whose queries they make.
MIX_QUERIES = {
    "classroom: answer": "answer",
    "classroom: next question": "next_question",
    "classroom: dashboard page": "dashboard",
    "classroom: dashboard poll": "dashboard_poll",
}


def table(rows: dict[str, dict], queries: dict, *, postgres: bool) -> list[str]:
    lines = [
        "| scenario | users | req/s | median ms | p95 ms | errors | requests | gunicorn CPU ms/req "
        f"| {'PostgreSQL CPU ms/req | ' if postgres else ''}locust CPU ms/req | DB queries |",
        "|---|---|---|---|---|---|---|---|---|---|" + ("---|" if postgres else ""),
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['users']} | {r['rps']} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} | {r['errors']} "
            f"| {r['requests']} | {r['server_cpu_ms']} | {str(r['database_cpu_ms']) + ' | ' if postgres else ''}"
            f"{r['loadgen_cpu_ms']} | {queries.get(MIX_QUERIES.get(name, name), '')} |"
        )
    return lines


def write_report(results: dict) -> Path:
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
    (out_dir / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2))
    lines = [
        f"# Benchmark {results['date']}",
        "",
        f"Machine: {results['machine']}, {results['cores']} cores, Python {results['python']}. "
        "gunicorn with 2 sync workers, production settings, whitenoise; locust on the same 2 cores, "
        f"over 127.0.0.1. Seed: `{' '.join(SEED)}`.",
        "",
        f"Capacity rows: each scenario alone, {USERS} users sending requests back to back for {SECONDS} s. "
        f"Classroom rows: {USERS} students who open the quiz together, then answer a question every 2 to 6 s "
        f"(real students take 10 to 30) and read the feedback, while their teacher's dashboard polls every 5 s, "
        f"for {CLASSROOM_SECONDS} s; the capacity row for answers is the case of all of them posting at once. "
        "CPU per request is measured from /proc for gunicorn's processes and from rusage for locust's; "
        "the load generator's share is why the trivial view tops out where it does.",
    ]
    for name, db in results["databases"].items():
        pg = name == "postgresql"
        lines += [
            "",
            f"## {name}",
            "",
            "### Capacity",
            "",
            *table(db["scenarios"], db["queries"], postgres=pg),
        ]
        lines += [
            "",
            "### One teacher opening the dashboard",
            "",
            *table({"dashboard": db["one_teacher"]}, db["queries"], postgres=pg),
        ]
        lines += ["", "### A class at work", "", *table(db["classroom"], db["queries"], postgres=pg)]
        lines += [
            "",
            "(In this mix the CPU figures are per request of any kind, over the whole run.)",
        ]
        lines += ["", "### Goals", ""]
        lines += [f"- {'met' if ok else '**NOT met**'}: {text}" for ok, text in verdicts(db)]
        if "lesson_start" in db:
            lines += ["", *lesson_start.report_lines(name, db["lesson_start"])]
        if "investigation_tools" in db:
            lines += ["", *tools_bench.http_lines(db["investigation_tools"], name)]
    if "investigation_tools" in results:
        lines += [
            "",
            "## Investigation tools",
            "",
            *tools_bench.in_process_lines(results["investigation_tools"]),
        ]
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
        # The start of a lesson: a site of its own (bench/lesson_start.py).
        results["databases"][name]["lesson_start"] = lesson_start.bench_lesson_start(name, url)
    # The tools read files, not the database: timed once, in the process (bench/tools_bench.py).
    print("investigation tools: in the process", flush=True)
    results["investigation_tools"] = tools_bench.bench_in_process()
    write_report(results)


if __name__ == "__main__":
    main()
