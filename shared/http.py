"""HTTP helpers shared by the apps: CSV and JSON downloads, each named
through Django's content_disposition_header."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse, JsonResponse
from django.utils.http import content_disposition_header


def safe_cell(value) -> str:
    """Spreadsheet-safe text: a cell that starts like a formula is quoted."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """A CSV download with a BOM (spreadsheet programs then read UTF-8) and a
    Content-Disposition built by Django, so a name cannot inject parameters."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response


def json_download(filename: str, data) -> JsonResponse:
    """A JSON file to save (indented, for people to read), named like csv_response."""
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
