"""Count the database queries each benchmark scenario makes (one request
each, in-process), and the compressed weight of a quiz page. Prints JSON."""

import gzip
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = "Query counts per benchmark scenario, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--targets", required=True)

    def handle(self, *args, targets, **options):
        data = json.loads(Path(targets).read_text())
        counts = {}
        weight = None
        for name, spec in data["scenarios"].items():
            who = spec.get("as")
            identity = dict(data["identities"][who][-1]) if who else {}
            client = Client(HTTP_HOST="127.0.0.1")
            if identity:
                client.cookies["sessionid"] = identity["session"]
                client.cookies["csrftoken"] = identity["csrf"]
            headers = {"HX-Request": "true"} if spec.get("htmx") else {}
            with CaptureQueriesContext(connection) as queries:
                if spec["method"] == "POST":
                    answer = identity["answers"].pop()
                    client.post(
                        answer["path"],
                        answer["data"],
                        headers={**headers, "X-CSRFToken": identity["csrf"], "HX-Request": "true"},
                    )
                else:
                    path = identity.get("paths", {}).get(name, spec.get("path"))
                    client.get(path, headers=headers)
            counts[name] = len(queries.captured_queries)
            if name == "next_question":
                page = client.get(identity["paths"]["next_question"].replace("next/", ""))
                weight = self._page_weight(page.content.decode())
        self.stdout.write(json.dumps({"queries": counts, "page_weight_kb": weight}))

    def _page_weight(self, html: str) -> float:
        total = len(gzip.compress(html.encode(), 9))
        for url in re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html):
            relative = url.removeprefix(settings.STATIC_URL)
            path = finders.find(relative) or Path(settings.STATIC_ROOT) / relative
            if path and Path(path).exists():
                total += len(gzip.compress(Path(path).read_bytes(), 9))
        return round(total / 1024, 1)
