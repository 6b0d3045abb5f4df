"""Plain factories for library tests: real image bytes, packs and examples."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from PIL import Image

from literacy import services
from literacy.models import Example

_counter = iter(range(1, 10**9))


def image_bytes(fmt: str = "PNG", size=(64, 64), *, seed: int = 0, exif: bool = False, **save_args) -> bytes:
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata(
        [(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size[0] * size[1])]
    )
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Test Camera Co"  # Make
        tags[0x0110] = "Model 7"  # Model
        tags[0x0131] = "SecretEditor 2.0"  # Software
        save_args["exif"] = tags.tobytes()
    image.save(out, fmt, **save_args)
    return out.getvalue()


def entry(key: str, **overrides) -> dict:
    synthetic = overrides.get("label", "real") == "synthetic"
    base = {
        "key": key,
        "file": f"media/{key}.png",
        "title": "Test image",
        "label": "real",
        "technique": "photograph",
        "family": "tests",
        "difficulty": 2,
        "use": "study",
        "explanation": "Made for a test.",
        "source": "made by the test suite",
        "author": "Test suite",
        "licence": "CC0-1.0",
    }
    if synthetic:
        base.update(
            technique="gan",
            generator="test generator",
            tells=[{"shape": "rect", "x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2, "note": "a smear"}],
        )
    base.update(overrides)
    return base


def write_pack(
    folder: Path, entries: list[dict], *, files: dict[str, bytes] | None = None, csv_rows=None
) -> Path:
    """Write a pack folder; every entry's file gets a distinct small PNG unless given."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    files = dict(files or {})
    for i, e in enumerate(entries):
        name = e.get("file")
        if isinstance(name, str) and name not in files and "/" in name and ".." not in name:
            files[name] = image_bytes(seed=i + 1)
    for name, data in files.items():
        if data is None:
            continue
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    manifest = {
        "format": "deepfake-literacy-lab/pack",
        "version": 1,
        "name": "test pack",
        "examples": entries,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def make_example(**overrides) -> Example:
    """A published example with real renditions, through the pipeline."""
    n = next(_counter)
    data = overrides.pop("image", None) or image_bytes(size=overrides.pop("size", (48, 48)), seed=n)
    fields = {
        "key": f"example-{n}",
        "title": f"Example {n}",
        "label": "real",
        "technique": "photograph",
        "family": "tests",
        "difficulty": 2,
        "use": Example.Use.STUDY,
        "status": Example.Status.PUBLISHED,
        "explanation": "An example made by the test suite.",
        "source": "test suite",
        "author": "Test suite",
        "licence": "CC0-1.0",
    }
    if overrides.get("label") == "synthetic":
        fields.update(
            technique="gan",
            generator="test generator",
            tells=[{"shape": "rect", "x": 0.25, "y": 0.25, "w": 0.5, "h": 0.5, "note": "blurred middle"}],
        )
    fields.update(overrides)
    example = Example(**fields)
    return services.example_create_from_upload(example=example, data=data, name=f"{fields['key']}.png")
