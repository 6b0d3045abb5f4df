"""Content Credentials: manifests signed at build time validate with c2pa-python; stripped and altered
files are reported as such; the tool answers in a case and in "Check a file"."""

import http.server
import io
import json
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from contentgen import credentials as builder
from investigations import credentials
from investigations.cases import get_case, posted_path
from investigations.grading import grade

SUBMIT = reverse("investigations:check_file_submit")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A fresh build with its own test root: what the tests check is what they made."""
    out = tmp_path_factory.mktemp("credentials")
    cases, files = builder.load_inputs()
    builder.build(out, cases=cases, files=files)
    return out, (out / "test-root.pem").read_text()


def read_built(built, key):
    out, root = built
    return credentials.read((out / f"{key}.jpg").read_bytes(), "JPEG", trust_anchor=root)


def reencoded(data: bytes, *, mark: bool = False) -> bytes:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    if mark:
        image.paste((255, 0, 0), (10, 10, 60, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def test_a_generated_face_signed_at_build_time_validates_and_names_its_generator(built):
    report = read_built(built, "dr-lena-varga")
    assert report.state == "trusted" and report.test_authority and report.problems == []
    assert report.signer == "TEST image generator service"
    assert report.history == [f"created: made by a generative AI model (with {builder.AGENT})"]


def test_a_real_photo_carries_its_capture_and_edit_history_with_ingredients(built):
    report = read_built(built, "rocket-galaxy")
    assert report.state == "trusted"
    assert report.history == ["opened an existing picture", "placed another picture into it", "edited"]
    assert [(part.title, part.relationship) for part in report.ingredients] == [
        ("rocket.jpg (SpaceX, via scikit-image)", "the picture it was made from"),
        ("hubble_deep_field.jpg (NASA, via scikit-image)", "a part placed into it"),
    ]
    assert all(part.history == ["created: captured by a digital camera"] for part in report.ingredients)


def test_a_resized_capture_says_opened_and_resized(built):
    report = read_built(built, "dscovr-pad")
    assert report.passed and report.history == ["opened an existing picture", "resized"]


def test_a_stripped_file_has_nothing_to_read(built):
    assert read_built(built, "dr-jon-berrin").state == "none"
    out, root = built
    stripped = builder.strip_manifest((out / "dr-lena-varga.jpg").read_bytes())
    assert credentials.read(stripped, "JPEG", trust_anchor=root).state == "none"


def test_credentials_copied_onto_a_changed_picture_fail_validation(built):
    report = read_built(built, "ela-trap")
    assert report.state == "invalid" and not report.passed
    assert any("changed after signing" in problem for problem in report.problems)


def test_pixels_changed_after_signing_fail_validation(built):
    out, root = built
    signed = (out / "dr-lena-varga.jpg").read_bytes()
    altered = builder.transplant_manifest(signed, reencoded(signed, mark=True))
    report = credentials.read(altered, "JPEG", trust_anchor=root)
    assert report.state == "invalid"
    assert any("changed after signing" in problem for problem in report.problems)


def test_a_manifest_changed_after_signing_is_never_reported_as_intact(built):
    out, root = built
    signed = (out / "dr-lena-varga.jpg").read_bytes()
    segment = next(seg for marker, seg in builder._segments(signed)[0] if marker == builder.APP11)
    start = signed.index(segment)
    for offset in (200, len(segment) // 2, len(segment) - 40):
        tampered = bytearray(signed)
        tampered[start + offset] ^= 0x01
        assert credentials.read(bytes(tampered), "JPEG", trust_anchor=root).state in ("invalid", "unreadable")


def test_without_the_course_root_the_signer_is_not_trusted(built):
    out, _root = built
    report = credentials.read((out / "dr-lena-varga.jpg").read_bytes(), "JPEG", trust_anchor="")
    assert not report.test_authority
    assert any("not on the trust list" in problem for problem in report.problems)


def test_a_picture_that_was_never_signed_has_no_credentials():
    assert credentials.read(posted_path(get_case("launch-pad")).read_bytes(), "JPEG").state == "none"


def test_a_file_pointing_at_a_remote_manifest_never_makes_the_server_fetch_it():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/manifest.c2pa"
        xmp = (
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description rdf:about="" xmlns:dcterms="http://purl.org/dc/terms/" dcterms:provenance="{url}"/>'
            "</rdf:RDF></x:xmpmeta>"
        )
        buffer = io.BytesIO()
        Image.new("RGB", (64, 64), (90, 160, 60)).save(buffer, "JPEG", xmp=xmp.encode())
        report = credentials.read(buffer.getvalue(), "JPEG")
    finally:
        server.shutdown()
        server.server_close()
    assert report.state == "remote" and hits == []


def test_a_format_the_reader_does_not_take_is_said_plainly():
    assert credentials.read(b"GIF89a", "GIF").state == "unsupported"


EXPECTED = {"generated": "trusted", "history": "trusted", "altered": "invalid", "stripped": "none"}
INDEX = json.loads((credentials.CREDENTIALS / "index.json").read_text())["cases"]


@pytest.mark.parametrize("key", sorted(INDEX))
def test_every_shipped_case_file_reads_as_its_build_made_it(key):
    entry = INDEX[key]
    report = credentials.read((credentials.CREDENTIALS / entry["file"]).read_bytes(), "JPEG")
    assert report.state == EXPECTED[entry["story"]]


# The tool in a case and in "Check a file".


def detail(key):
    return reverse("investigations:case_detail", args=[key])


@pytest.mark.django_db
def test_the_tool_shows_the_signer_the_generator_and_says_it_is_a_test_authority(client):
    page = " ".join(
        client.get(detail("dr-lena-varga"), {"tool": "content_credentials"}).content.decode().split()
    )
    assert "TEST image generator service" in page and "made by a generative AI model" in page
    assert "comes from a test authority made for this course" in page


@pytest.mark.django_db
def test_with_htmx_the_tool_returns_only_its_result(client):
    response = client.get(
        detail("rocket-galaxy"), {"tool": "content_credentials"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and 'id="tool-result"' in body
    assert "Ingredients" in body and "hubble_deep_field.jpg" in body


@pytest.mark.django_db
def test_a_case_without_credentials_says_that_proves_nothing(client):
    page = client.get(detail("dr-jon-berrin"), {"tool": "content_credentials"}).content.decode()
    assert "No Content Credentials in this file." in page and "proves nothing" in page


@pytest.mark.django_db
def test_a_case_whose_credentials_do_not_fit_says_validation_failed(client):
    page = client.get(detail("ela-trap"), {"tool": "content_credentials"}).content.decode()
    assert "Validation failed" in page and "changed after signing" in page


@pytest.mark.django_db
def test_the_post_shows_the_signed_file(client):
    response = client.get(reverse("investigations:case_image", args=["prof-amir-sato"]))
    data = response.content
    assert credentials.read(data, "JPEG").state == "trusted"


@pytest.mark.django_db
def test_pinning_the_credentials_counts_as_evidence_where_they_support_the_verdict(client):
    client.get(detail("dr-lena-varga"), {"tool": "content_credentials"})
    page = client.post(
        reverse("investigations:case_answer", args=["dr-lena-varga"]),
        {"verdict": "generated", "action": "report", "pinned": ["content_credentials"]},
    ).content.decode()
    assert "Your pinned evidence supports the verdict." in page


def test_credentials_are_no_evidence_where_the_file_carries_none():
    case = get_case("dr-jon-berrin")
    result = grade(
        case,
        verdict="generated",
        action="report",
        pinned=["content_credentials"],
        opened=["content_credentials"],
    )
    assert not result.evidence_supports and "content_credentials" not in case["expert_path"]
    assert "that proves nothing" in case["teacher_note"]


def upload(data, name="photo.jpg"):
    return {"file": SimpleUploadedFile(name, data, content_type="image/jpeg")}


@pytest.mark.django_db
def test_check_a_file_reads_the_credentials_of_a_signed_upload(client):
    data = posted_path(get_case("palace-glow")).read_bytes()
    page = client.post(SUBMIT, upload(data)).content.decode()
    assert "The credentials are intact" in page and "adjusted colour or light" in page
    assert "china.jpg" in page


@pytest.mark.django_db
def test_check_a_file_reports_a_re_saved_copy_as_having_no_credentials(client):
    data = reencoded(posted_path(get_case("palace-glow")).read_bytes())
    page = client.post(SUBMIT, upload(data)).content.decode()
    assert "No Content Credentials in this file." in page and "proves nothing" in page


@pytest.mark.django_db
def test_check_a_file_reports_an_altered_upload(client):
    data = posted_path(get_case("ela-trap")).read_bytes()
    page = client.post(SUBMIT, upload(data)).content.decode()
    assert "Validation failed" in page and "changed after signing" in page
