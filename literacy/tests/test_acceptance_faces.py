"""The importer on a real third-party set: ../shared/acceptance/faces-cnndetection.

Its CSV is converted to our manifest format in a temporary folder outside
the repository; nothing is copied into the project. The set is
research-only: it is used here and nowhere else.
"""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from literacy.models import Example

SET = Path(__file__).resolve().parents[2].parent / "shared" / "acceptance" / "faces-cnndetection"


@pytest.mark.django_db
def test_the_importer_takes_the_cnndetection_faces(tmp_path):
    if not (SET / "manifest.csv").exists():
        pytest.fail(f"The acceptance set is missing at {SET}; CI places ../shared beside the clone.")
    rows = list(csv.DictReader((SET / "manifest.csv").open()))
    # A temporary copy outside the repository (the importer refuses symlinks
    # that lead out of a pack, on purpose).
    shutil.copytree(SET / "images", tmp_path / "images")
    entries = []
    for row in rows:
        synthetic = row["label"] != "real"
        technique = "photograph"
        if synthetic:
            technique = "gan" if row["group"].startswith("stargan") else "face_swap"
        entry = {
            "key": "cnnd-" + Path(row["file"]).stem,
            "file": row["file"],
            "title": "Face crop",
            "label": "synthetic" if synthetic else "real",
            "technique": technique,
            "family": "acceptance-faces",
            "difficulty": 3,
            "use": "study",
            "status": "draft",
            "explanation": f"From the CNNDetection ranking set, group {row['group']}.",
            "source": row["source"][:500],
            "author": "Wang, Wang, Zhang, Owens, Efros (2020)",
            "licence": "CC-BY-NC-SA-4.0",
            "attribution": "CNNDetection (Wang et al. 2020), research use only",
        }
        if synthetic:
            entry["generator"] = "StarGAN" if technique == "gan" else "FaceForensics++ Deepfakes"
            entry["tells"] = [
                {"shape": "rect", "x": 0.2, "y": 0.2, "w": 0.6, "h": 0.6, "note": "the face region"}
            ]
        entries.append(entry)
    (tmp_path / "manifest.json").write_text(json.dumps({"examples": entries}))

    out = io.StringIO()
    call_command("import_examples", str(tmp_path), stdout=out, stderr=io.StringIO())
    assert "60 new" in out.getvalue()
    assert Example.objects.filter(label="real").count() == 30
    assert Example.objects.filter(label="synthetic").count() == 30
    # Same pixel size in, same rendition sizes out, whatever the label.
    sizes = {
        (e.label, r.purpose, r.width, r.height)
        for e in Example.objects.prefetch_related("renditions")
        for r in e.renditions.all()
    }
    for purpose, width, height in {(p, w, h) for _label, p, w, h in sizes}:
        assert ("real", purpose, width, height) in sizes and ("synthetic", purpose, width, height) in sizes
