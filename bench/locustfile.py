"""Locust scenarios for `make bench`, chosen by BENCH_SCENARIO; targets
(paths, sessions, answers ready to post) come from the JSON file named by
BENCH_TARGETS, written by `manage.py bench_targets`. Loopback only.

A named scenario (trivial, answer, library, ...) runs alone, every user
sending the next request as soon as the last one is answered: that measures
capacity. "classroom" is a class at work instead: students who answer a
question every few seconds and read the feedback, and their teacher watching
the live dashboard."""

import itertools
import json
import os
import threading

from locust import HttpUser, between, constant, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115
SCENARIO = os.environ["BENCH_SCENARIO"]
_counter = itertools.count()
_lock = threading.Lock()


def next_identity(kind):
    pool = TARGETS["identities"][kind]
    with _lock:
        return pool[next(_counter) % len(pool)]


class Signed(HttpUser):
    abstract = True

    def sign_in(self, kind):
        self.identity = next_identity(kind)
        self.client.cookies.set("sessionid", self.identity["session"])
        self.client.cookies.set("csrftoken", self.identity["csrf"])
        self.answers = iter(self.identity.get("answers", []))

    def get(self, scenario, name, *, htmx=False):
        path = self.identity.get("paths", {}).get(scenario, TARGETS["scenarios"][scenario].get("path"))
        self.client.get(path, name=name, headers={"HX-Request": "true"} if htmx else {})

    def answer(self, name):
        answer = next(self.answers, None)
        if answer is None:
            # This student has answered every prepared question: take another one.
            self.sign_in("student")
            answer = next(self.answers, None)
            if answer is None:
                return
        headers = {"X-CSRFToken": self.identity["csrf"], "HX-Request": "true", "Referer": self.host + "/"}
        with self.client.post(
            answer["path"], data=answer["data"], headers=headers, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


if SCENARIO == "classroom":

    class Student(Signed):
        # Real students take 10 to 30 seconds over a question; these take 2 to 6.
        wait_time = between(2, 6)

        def on_start(self):
            self.sign_in("student")
            self.wait()  # everyone opens the quiz at once, then reads the first question

        @task
        def answer_and_read(self):
            self.answer("classroom: answer")
            self.get("next_question", "classroom: next question", htmx=True)

    class Teacher(Signed):
        fixed_count = 1
        wait_time = constant(5)  # the dashboard polls every 5 s

        def on_start(self):
            self.sign_in("teacher")
            self.get("dashboard", "classroom: dashboard page")

        @task
        def poll(self):
            self.get("dashboard_poll", "classroom: dashboard poll", htmx=True)

else:

    class Visitor(Signed):
        wait_time = constant(0)

        def on_start(self):
            self.spec = TARGETS["scenarios"][SCENARIO]
            who = self.spec.get("as")
            if who:
                self.sign_in(who)
            else:
                self.identity = {}

        @task
        def visit(self):
            if self.spec["method"] == "POST":
                self.answer(SCENARIO)
            else:
                self.get(SCENARIO, SCENARIO, htmx=self.spec.get("htmx", False))
