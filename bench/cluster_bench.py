"""`make cluster-bench`: the answer capacity and a class at work through the
load balancer, with one and with two app servers, on PostgreSQL, media in
SeaweedFS's S3 gateway and the limit counters in Redis (bench/cluster.py).

Same data, same run: the cluster is prepared once, then HAProxy is put in
front of one server and then of two. Each app server runs gunicorn with
CLUSTER_WORKERS sync workers (2). Writes bench/results/cluster-<date>.md and
.json. On a machine of 2 cores the app servers, PostgreSQL, SeaweedFS, Redis,
HAProxy and locust all share those cores, so the two/one ratio says what the
second server adds here, not what it adds on a second machine."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cluster as cluster_mod
import run_bench
import server

USERS = int(os.environ.get("BENCH_USERS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CLASSROOM_SECONDS = int(os.environ.get("BENCH_CLASSROOM_SECONDS", "40"))
WORKERS = int(os.environ.get("CLUSTER_WORKERS", "2"))
SEED = os.environ.get("CLUSTER_SEED", "--classes 10 --students 30 --quizzes 10 --attempts 5000").split()


def measured(
    cluster, count: int, scenario: str, targets: Path, *, users: int, seconds: int
) -> dict[str, dict]:
    """One locust run through the balancer; CPU per request summed over every
    running app server's process group (run_bench counts one group only)."""
    groups = [app.proc.pid for app in cluster.apps[:count]]

    def cpu():
        server_total = sum(run_bench.cpu_seconds(pgid)[0] for pgid in groups)
        return server_total, run_bench.cpu_seconds(-1)[1]

    app_before, db_before = cpu()
    rows = run_bench.run_locust(
        cluster.base, scenario, targets, cluster.workdir, users=users, seconds=seconds, pgid=groups[0]
    )
    app_after, db_after = cpu()
    total = sum(r["requests"] for r in rows.values()) or 1
    for row in rows.values():
        row["server_cpu_ms"] = round(1000 * (app_after - app_before) / total, 2)
        row["database_cpu_ms"] = round(1000 * (db_after - db_before) / total, 2)
    return rows


def bench(cluster, count: int, loads: dict) -> dict:
    print(f"[{count} server(s)] balancer in front of {count} app server(s)", flush=True)
    # Anything else running on the machine takes cores from the run: say how busy it was.
    loads[str(count)] = round(os.getloadavg()[0], 1)
    cluster.use_servers(count)
    targets = cluster.workdir / f"targets-{count}.json"
    cluster.manage("bench_targets", "--out", str(targets))
    result = {}
    for scenario in ("trivial", "answer"):
        print(f"[{count} server(s)] {scenario}: {USERS} users for {SECONDS}s", flush=True)
        result.update(measured(cluster, count, scenario, targets, users=USERS, seconds=SECONDS))
    # Fresh questions for the class (the capacity run used them up).
    cluster.manage("bench_targets", "--out", str(targets))
    print(
        f"[{count} server(s)] classroom: {USERS} students and their teacher for {CLASSROOM_SECONDS}s",
        flush=True,
    )
    result.update(measured(cluster, count, "classroom", targets, users=USERS + 1, seconds=CLASSROOM_SECONDS))
    return result


def ratio(results: dict, name: str) -> float:
    one, two = results["servers"]["1"][name]["rps"], results["servers"]["2"][name]["rps"]
    return round(two / one, 2) if one else 0.0


def report(results: dict) -> Path:
    out = server.ROOT / "bench" / "results"
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
    (out / f"cluster-{stamp}.json").write_text(json.dumps(results, indent=2))
    lines = [
        f"# Cluster benchmark {results['date']}",
        "",
        f"Machine: {results['machine']}, {results['cores']} cores, Python {results['python']}. "
        f"HAProxy (round robin) in front of one or two gunicorn app servers ({WORKERS} sync workers each, "
        "production settings), PostgreSQL on 127.0.0.1, media in SeaweedFS's S3 gateway, limit counters in "
        f"Redis; locust on the same machine, over 127.0.0.1 (`bench/cluster_bench.py`). Seed: `{' '.join(SEED)}` "
        f"and the starter pack. Capacity rows: {USERS} users back to back for {SECONDS} s. Class at work: "
        f"{USERS} students answering every 2 to 6 s while their teacher's dashboard polls every 5 s, for "
        f"{CLASSROOM_SECONDS} s. CPU per request: every app server's processes, and PostgreSQL's.",
        "",
        "| app servers | scenario | users | req/s | median ms | p95 ms | errors | requests "
        "| app CPU ms/req | PostgreSQL CPU ms/req |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for count, rows in results["servers"].items():
        for name, r in rows.items():
            lines.append(
                f"| {count} | {name} | {r['users']} | {r['rps']} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} "
                f"| {r['errors']} | {r['requests']} | {r['server_cpu_ms']} | {r['database_cpu_ms']} |"
            )
    lines += [
        "",
        f"Two servers / one: answer capacity {results['ratio']['answer']}x, trivial view "
        f"{results['ratio']['trivial']}x, answers during the class {results['ratio']['classroom: answer']}x "
        "(the class's pace, not capacity, sets that one).",
        "",
        "One-minute load average as each half began (2 cores: above 2 means other programs were competing "
        f"for the cores): one server {results['load_average']['1']}, two servers {results['load_average']['2']}.",
    ]
    path = out / f"cluster-{stamp}.md"
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return path


def main() -> None:
    if not run_bench.LOCUST.exists():
        raise SystemExit("locust is missing: `make bench/.venv/.installed` first.")
    workdir = server.TMP / "cluster-bench"
    cluster = cluster_mod.Cluster(workdir, servers=2, workers=WORKERS, threads=1)
    results = {
        "date": dt.datetime.now().isoformat(timespec="minutes"),
        "machine": platform.platform(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "seed": SEED,
        "workers_per_server": WORKERS,
        "servers": {},
        "load_average": {},
    }
    with cluster:
        started = time.monotonic()
        cluster.start()
        for step in (["load_starter_content"], ["ensure_demo"], ["seed_bench", *SEED]):
            print(f"[prepare] {step[0]} ({round(time.monotonic() - started)} s in)", flush=True)
            cluster.manage(*step)
        results["prepare_seconds"] = round(time.monotonic() - started)
        results["bucket_objects"] = len(cluster.bucket_keys())
        for count in (1, 2):
            results["servers"][str(count)] = bench(cluster, count, results["load_average"])
    # The bucket's files (hundreds of MB); the logs stay for reading.
    shutil.rmtree(workdir / "weed", ignore_errors=True)
    results["ratio"] = {name: ratio(results, name) for name in ("trivial", "answer", "classroom: answer")}
    report(results)


if __name__ == "__main__":
    main()
