import io
import json
import struct
import zipfile
import zlib

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from literacy.models import Example, Rendition
from literacy.tests.factories import entry, image_bytes, write_pack

pytestmark = pytest.mark.django_db


def run_import(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_examples", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return False, err.getvalue() + str(exc)
    return True, out.getvalue()


def assert_refused(path, *expected):
    ok, message = run_import(path)
    assert not ok, message
    for text in expected:
        assert text in message, message
    assert "nothing was imported" in message
    assert Example.objects.count() == 0
    assert Rendition.objects.count() == 0


def test_a_valid_pack_imports_with_renditions_and_stored_metadata(tmp_path):
    pack = write_pack(
        tmp_path / "pack",
        [entry("real-one", file="media/a.jpg"), entry("fake-one", label="synthetic")],
        files={"media/a.jpg": image_bytes("JPEG", exif=True, quality=90)},
    )
    ok, message = run_import(pack)
    assert ok, message
    assert "2 new" in message
    real = Example.objects.get(key="real-one")
    assert real.original_metadata["exif"]["Make"] == "Test Camera Co"
    assert real.original_format == "JPEG"
    assert real.renditions.filter(purpose="library").count() == 3
    assert real.renditions.filter(purpose="quiz").count() == 2
    assert real.status == Example.Status.PUBLISHED


def test_reimporting_updates_in_place_and_never_duplicates(tmp_path):
    pack = write_pack(tmp_path / "pack", [entry("stable-key", title="First title")])
    assert run_import(pack)[0]
    first = Example.objects.get()
    tokens = set(first.renditions.values_list("token", flat=True))
    write_pack(tmp_path / "pack", [entry("stable-key", title="Second title")])
    ok, message = run_import(pack)
    assert ok and "1 updated" in message
    again = Example.objects.get()
    assert again.pk == first.pk and again.public_id == first.public_id
    assert again.title == "Second title"
    # Same image bytes: the renditions were kept, not remade.
    assert set(again.renditions.values_list("token", flat=True)) == tokens


def test_a_zip_pack_imports_like_a_folder(tmp_path):
    folder = write_pack(tmp_path / "pack", [entry("zipped-one")])
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in folder.rglob("*"):
            if path.is_file():
                z.write(path, "starter/" + str(path.relative_to(folder)))
    ok, message = run_import(archive)
    assert ok, message
    assert Example.objects.filter(key="zipped-one").exists()


def test_it_refuses_a_file_whose_content_is_not_an_image(tmp_path):
    pack = write_pack(tmp_path / "p", [entry("bad-type")], files={"media/bad-type.png": b"GIF89a not really"})
    assert_refused(pack, "not a PNG, JPEG or WebP")


def test_it_refuses_a_text_file_named_png(tmp_path):
    pack = write_pack(tmp_path / "p", [entry("txt")], files={"media/txt.png": b"hello, I am text"})
    assert_refused(pack, "checked by its content")


def test_it_refuses_svg(tmp_path):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    pack = write_pack(tmp_path / "p", [entry("svg", file="media/x.png")], files={"media/x.png": svg})
    assert_refused(pack, "SVG")


def test_it_refuses_a_truncated_image(tmp_path):
    whole = image_bytes("JPEG", size=(200, 200))
    pack = write_pack(tmp_path / "p", [entry("cut")], files={"media/cut.png": whole[: len(whole) // 2]})
    assert_refused(pack, "truncated or corrupt")


def _png_bomb(width, height) -> bytes:
    """A tiny PNG that claims to be enormous: the classic decompression bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_it_refuses_a_decompression_bomb(tmp_path):
    pack = write_pack(tmp_path / "p", [entry("bomb")], files={"media/bomb.png": _png_bomb(60000, 60000)})
    assert_refused(pack, "bomb")


def test_it_refuses_an_image_over_the_pixel_limit(tmp_path, settings):
    settings.MEDIA_MAX_PIXELS = 1000
    pack = write_pack(tmp_path / "p", [entry("big")], files={"media/big.png": image_bytes(size=(40, 40))})
    assert_refused(pack, "over the limit")


def test_it_refuses_a_polyglot_image_with_data_after_its_end(tmp_path):
    polyglot = image_bytes() + b"PK\x03\x04<script>alert(1)</script>"
    pack = write_pack(tmp_path / "p", [entry("poly")], files={"media/poly.png": polyglot})
    assert_refused(pack, "polyglot")


def test_it_refuses_a_bad_label(tmp_path):
    assert_refused(write_pack(tmp_path / "p", [entry("label", label="fake")]), "label 'fake'")


def test_it_refuses_a_missing_licence(tmp_path):
    e = entry("nolicence")
    del e["licence"]
    assert_refused(write_pack(tmp_path / "p", [e]), "missing licence")


def test_it_refuses_a_duplicate_key(tmp_path):
    entries = [entry("twice", file="media/a.png"), entry("twice", file="media/b.png")]
    assert_refused(write_pack(tmp_path / "p", entries), "duplicate key 'twice'")


def test_it_refuses_a_missing_file(tmp_path):
    pack = write_pack(tmp_path / "p", [entry("ghost")], files={"media/ghost.png": None})
    assert_refused(pack, "media/ghost.png' is missing")


def test_it_refuses_path_traversal_names(tmp_path):
    pack = write_pack(tmp_path / "p", [entry("escape", file="../../etc/passwd")])
    assert_refused(pack, "relative path inside the pack")


def test_it_refuses_tells_outside_the_image_and_reports_every_problem(tmp_path):
    bad = entry(
        "outside",
        label="synthetic",
        tells=[{"shape": "rect", "x": 0.9, "y": 0.9, "w": 0.5, "h": 0.5, "note": "x"}],
    )
    nolabel = entry("no-generator", label="synthetic")
    del nolabel["generator"]
    ok, message = run_import(
        write_pack(tmp_path / "p", [bad, nolabel, entry("bad-difficulty", difficulty=9)])
    )
    assert not ok
    assert "inside the image" in message
    assert "needs its generator" in message
    assert "difficulty 9" in message
    assert Example.objects.count() == 0


def test_a_synthetic_example_needs_a_tell_and_cc_by_needs_attribution(tmp_path):
    e = entry("no-tells", label="synthetic")
    e["tells"] = []
    assert_refused(
        write_pack(tmp_path / "p", [e, entry("ccby", licence="CC-BY-2.0")]),
        "at least one tell",
        "attribution",
    )


def test_a_zip_bomb_pack_is_refused(tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps({"examples": []}))
        z.writestr("media/huge.png", b"\x00" * (50 * 1024 * 1024))
    assert_refused(archive, "zip bomb")


def test_a_csv_manifest_reports_line_numbers(tmp_path):
    folder = tmp_path / "csvpack"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "a.png").write_bytes(image_bytes())
    header = "key,file,title,label,technique,family,difficulty,use,explanation,source,author,licence\n"
    rows = "good-row,media/a.png,T,real,photograph,tests,2,study,E,S,A,CC0-1.0\n"
    rows += "bad-row,media/a.png,T,maybe,photograph,tests,2,study,E,S,A,CC0-1.0\n"
    (folder / "manifest.csv").write_text(header + rows)
    assert_refused(folder, "line 3: label 'maybe'")


def test_export_round_trips_through_import(tmp_path):
    pack = write_pack(tmp_path / "pack", [entry("one"), entry("two", label="synthetic", derived_from="one")])
    assert run_import(pack)[0]
    call_command("export_examples", str(tmp_path / "out"), stdout=io.StringIO())
    exported = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {e["key"] for e in exported["examples"]} == {"one", "two"}
    Example.objects.all().delete()
    ok, message = run_import(tmp_path / "out")
    assert ok, message
    assert Example.objects.get(key="two").derived_from.key == "one"


def test_renditions_carry_no_metadata_and_are_webp(tmp_path):
    pack = write_pack(
        tmp_path / "p",
        [entry("meta", file="media/m.jpg")],
        files={"media/m.jpg": image_bytes("JPEG", exif=True)},
    )
    assert run_import(pack)[0]
    for rendition in Rendition.objects.all():
        data = rendition.file.read()
        assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
        assert b"EXIF" not in data and b"XMP " not in data and b"ICCP" not in data
        assert b"Test Camera" not in data
        with Image.open(io.BytesIO(data)) as im:
            assert im.width == rendition.width
            assert not im.getexif()


def test_lineage_and_its_licence_switch_are_imported_and_can_leave_items_out(tmp_path):
    gan = entry(
        "stylegan-face",
        label="synthetic",
        lineage="MobileStyleGAN, distilled from NVIDIA StyleGAN2-FFHQ (non-commercial licence), FFHQ data",
        noncommercial=True,
        source_group="stylegan-seed-7",
    )
    photo = entry("open-photo", lineage="Photograph by its author, CC0", source_group="photo-1", era="early")
    pack = write_pack(tmp_path / "pack", [gan, photo])
    ok, message = run_import(pack)
    assert ok, message
    face = Example.objects.get(key="stylegan-face")
    assert face.noncommercial and "StyleGAN2" in face.lineage and face.source_group == "stylegan-seed-7"
    assert Example.objects.get(key="open-photo").era == "early"
    out = io.StringIO()
    call_command("import_examples", str(pack), "--exclude-noncommercial", stdout=out)
    assert "Leaving out 1 example" in out.getvalue()
    assert Example.objects.get(key="stylegan-face").status == "draft"
    assert Example.objects.get(key="open-photo").status == "published"


def test_a_bad_lineage_flag_or_era_is_refused(tmp_path):
    pack = write_pack(
        tmp_path / "pack", [entry("flagged", noncommercial="perhaps"), entry("old", era="ancient")]
    )
    assert_refused(pack, "noncommercial 'perhaps' must be true or false", "era 'ancient' must be")
