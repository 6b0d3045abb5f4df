"""Download names are built by Django's content_disposition_header: a class
name cannot add parameters to the CSV's Content-Disposition, and the data
download is named the same way."""

import pytest
from django.urls import reverse
from django.utils.http import content_disposition_header

pytestmark = pytest.mark.django_db

EVIL = "Q\";filename*=UTF-8''evil.html;x=\""


def _parameters(header: str) -> list[str]:
    """The header's parameter names, splitting on semicolons outside quoted
    strings (where a backslash escapes the next character, RFC 9110 5.6.4)."""
    names, quoted, escaped, current = [], False, False, ""
    for char in header + ";":
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            names.append(current.strip().split("=", 1)[0])
            current = ""
        else:
            current += char
    return names


@pytest.mark.parametrize("name", ["classrooms:export_results", "classrooms:export_answers"])
def test_a_class_name_cannot_inject_into_the_csv_download_name(client, teacher, classroom, name):
    classroom.name = EVIL
    classroom.save()
    client.force_login(teacher)
    response = client.get(reverse(name, args=[classroom.public_id]))
    header = response["Content-Disposition"]
    # One filename parameter, Django's (RFC 6266 filename* for a non-ASCII or quoted name).
    assert len([p for p in _parameters(header) if p.startswith("filename")]) == 1, header
    assert _parameters(header)[0] == "attachment" and "x" not in _parameters(header)
    suffix = name.rsplit("_", 1)[1]
    assert header == content_disposition_header(as_attachment=True, filename=f"{EVIL}-{suffix}.csv")


def test_the_data_download_is_named_by_django(client, student):
    client.force_login(student)
    response = client.get(reverse("learners:download_data"))
    assert response["Content-Disposition"] == content_disposition_header(
        as_attachment=True, filename="deepfake-literacy-lab-my-data.json"
    )
    assert response.json()["profile"]["username"] == student.username
