"""Locust scenarios for `make bench`. One scenario per run, chosen by
BENCH_SCENARIO; targets (URLs, sessions, answer payloads) come from the JSON
file in BENCH_TARGETS, written by `manage.py bench_targets`. Loopback only."""

import itertools
import json
import os
import threading

from locust import HttpUser, constant, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115
SCENARIO = os.environ["BENCH_SCENARIO"]
_counter = itertools.count()
_lock = threading.Lock()


def next_identity(kind):
    pool = TARGETS["identities"][kind]
    with _lock:
        return pool[next(_counter) % len(pool)]


class Visitor(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.spec = TARGETS["scenarios"][SCENARIO]
        who = self.spec.get("as", "anon")
        self.identity = next_identity(who) if who != "anon" else {}
        if self.identity:
            self.client.cookies.set("sessionid", self.identity["session"])
            self.client.cookies.set("csrftoken", self.identity["csrf"])
        self.answers = iter(self.identity.get("answers", []))

    @task
    def visit(self):
        if self.spec["method"] == "GET":
            path = self.identity.get("paths", {}).get(SCENARIO, self.spec.get("path"))
            headers = {"HX-Request": "true"} if self.spec.get("htmx") else {}
            self.client.get(path, name=SCENARIO, headers=headers)
            return
        answer = next(self.answers, None)
        if answer is None:
            # This student has answered every prepared item; move to another one.
            self.identity = next_identity(self.spec["as"])
            self.client.cookies.set("sessionid", self.identity["session"])
            self.client.cookies.set("csrftoken", self.identity["csrf"])
            self.answers = iter(self.identity.get("answers", []))
            answer = next(self.answers, None)
            if answer is None:
                return
        headers = {"X-CSRFToken": self.identity["csrf"], "HX-Request": "true", "Referer": self.host + "/"}
        with self.client.post(
            answer["path"], data=answer["data"], headers=headers, name=SCENARIO, catch_response=True
        ) as response:
            # A repeat of an already stored answer (a student recycled after the
            # pool ran out) is acknowledged with the same result: 200 either way.
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
