import io

import pytest
from django.urls import reverse
from PIL import Image

from investigations import faces, metadata
from investigations.cases import TOOL_LABELS, all_cases, get_case, run_tool

GENERATED = "dr-lena-varga"
REAL_FACE = "eileen-collins-portrait"
LANDSCAPE = "launch-pad"


def jpeg(exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(buffer, "JPEG", exif=exif or Image.Exif())
    return buffer.getvalue()


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Lakeside Optics"  # Make
    exif[0x0110] = "LX-7"  # Model
    exif.get_ifd(0x8769)[0x9003] = "2026:11:02 07:41:00"  # DateTimeOriginal, in the Exif block
    exif.get_ifd(0x8825)[1] = "N"  # GPSLatitudeRef: enough for a GPS block
    return exif


def test_metadata_reads_the_tags_a_camera_wrote():
    found = metadata.read(jpeg(camera_exif()))
    rows = dict(found["exif"])
    assert rows["Make"] == "Lakeside Optics" and rows["Model"] == "LX-7"
    assert rows["DateTimeOriginal"] == "2026:11:02 07:41:00"
    assert rows["GPS"] == "a location is recorded"
    assert (found["format"], found["width"], found["height"]) == ("JPEG", 64, 48)


def test_metadata_finds_nothing_in_a_file_without_it():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    found = metadata.read(buffer.getvalue())
    assert found["exif"] == [] and found["other"] == [] and found["format"] == "PNG"


def test_the_metadata_tool_reads_the_posted_file_and_names_its_credentials_block():
    signed = run_tool(get_case(GENERATED), "metadata")["metadata"]
    assert signed["exif"] == [] and (signed["width"], signed["height"]) == (768, 768)
    assert any("Content Credentials" in block for block in signed["other"])
    plain = run_tool(get_case(LANDSCAPE), "metadata")["metadata"]
    assert plain["other"] == []


def test_every_generated_expert_has_its_eyes_where_the_generator_puts_them():
    for case in all_cases():
        if case["verdict"] == "generated":
            found = run_tool(case, "compare_faces")["faces"]
            assert found["state"] == "matches", case["key"]
            assert found["offset_percent"] <= found["reach_percent"]


def test_a_real_photo_of_a_face_does_not_line_up_with_the_generator():
    found = run_tool(get_case(REAL_FACE), "compare_faces")["faces"]
    assert found["state"] == "differs"
    assert found["offset_percent"] > found["reach_percent"]
    assert len(found["eyes"]) == 2
    # A second real portrait in the pack, not used by any case.
    assert faces.compare("portrait-hopper", width=256, height=256)["state"] == "differs"


def test_a_face_is_compared_with_the_generators_other_faces_not_itself():
    name, keys = faces.generator_faces()
    found = run_tool(get_case(GENERATED), "compare_faces")["faces"]
    assert found["compared"] == len(keys) - 1 and found["generator"] == name
    assert len(found["cloud"]) == 2 * found["compared"]


def test_a_picture_without_a_face_says_so():
    assert run_tool(get_case(LANDSCAPE), "compare_faces")["faces"] == {"state": "no_face"}
    assert faces.compare("no-such-picture", width=1, height=1) == {"state": "not_analysed"}


def test_every_tool_answers_for_every_case():
    for case in all_cases():
        for tool in TOOL_LABELS:
            assert isinstance(run_tool(case, tool), dict), (case["key"], tool)


@pytest.mark.django_db
def test_the_metadata_tool_says_plainly_that_missing_metadata_proves_nothing(client):
    page = client.get(reverse("investigations:case_detail", args=[LANDSCAPE]), {"tool": "metadata"})
    text = page.content.decode()
    assert "No EXIF metadata in this file" in text and "proves nothing" in text


@pytest.mark.django_db
def test_compare_faces_draws_the_overlay_with_a_text_alternative(client):
    page = client.get(
        reverse("investigations:case_detail", args=[GENERATED]),
        {"tool": "compare_faces"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "<html" not in page and 'role="img"' in page and "aria-label=" in page
    assert "The eyes sit exactly where" in page and "not proof on its own" in page
    assert reverse("investigations:case_image", args=[GENERATED]) in page


@pytest.mark.django_db
def test_compare_faces_on_a_real_photo_says_what_it_does_not_show(client):
    page = client.get(
        reverse("investigations:case_detail", args=[REAL_FACE]), {"tool": "compare_faces"}
    ).content.decode()
    assert "The eyes are not where" in page and "does not show the face is real" in page
