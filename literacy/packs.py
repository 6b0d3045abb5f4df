"""Content packs: a folder or zip with manifest.json (or manifest.csv) and the
media it names. Format: docs/content-packs.md.

Import validates the whole pack first (every field of every entry, every
file) and reports every problem at once; nothing is written unless all of it
is valid. Re-importing matches entries by `key`, so it updates in place.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from literacy import audio
from literacy.media import InspectedImage, MediaError, inspect_image
from literacy.models import Example, Label, Technique, label_technique_problem

FORMAT_NAME = "deepfake-literacy-lab/pack"
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,79}$")
FAMILY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
REQUIRED = ("key", "file", "title", "label", "technique", "family", "difficulty", "use", "explanation",
            "source", "author", "licence")  # fmt: skip
TEXT_LIMITS = {"title": 200, "generator": 300, "camera": 200, "source": 500, "author": 300, "licence": 60,
               "lineage": 2000, "source_group": 120}  # fmt: skip
BOOLEAN_TEXT = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False, "": False}
OPTIONAL = ("sha256", "status", "caption", "true_context", "generator", "camera", "licence_url", "attribution",
            "derived_from", "tells", "made", "set", "lineage", "noncommercial", "source_group", "era",
            "transcript")  # fmt: skip
# Zip safety: a pack is photos and a manifest, not an archive of the world.
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200


class PackError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Entry:
    where: str  # "line 4" or "example 'key'", for messages
    fields: dict
    image: InspectedImage | audio.InspectedAudio | None = None


@dataclass
class Pack:
    name: str
    entries: list[Entry] = field(default_factory=list)


class _Source:
    """Reads members of a folder or a zip by manifest-relative path, safely."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = None
        self.prefix = ""
        if path.is_file():
            if not zipfile.is_zipfile(path):
                raise PackError([f"{path.name}: not a folder or a zip file."])
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise PackError([f"{path.name}: more than {MAX_ZIP_MEMBERS} files in the zip."])
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_ZIP_TOTAL or total / packed > MAX_ZIP_RATIO:
                raise PackError(
                    [f"{path.name}: the zip expands too much to be a content pack (a zip bomb?)."]
                )
            names = [i.filename for i in infos]
            manifests = [n for n in names if PurePosixPath(n).name in ("manifest.json", "manifest.csv")]
            if manifests:
                self.prefix = str(PurePosixPath(sorted(manifests, key=len)[0]).parent)
                self.prefix = "" if self.prefix == "." else self.prefix + "/"
        elif not path.is_dir():
            raise PackError([f"{path}: no such folder or zip file."])

    def read(self, relative: str) -> bytes | None:
        if not safe_relative(relative):
            return None
        if self.zip is not None:
            try:
                info = self.zip.getinfo(self.prefix + relative)
            except KeyError:
                return None
            if info.file_size > MAX_ZIP_TOTAL:
                return None
            return self.zip.read(info)
        target = (self.path / relative).resolve()
        if not target.is_relative_to(self.path.resolve()) or not target.is_file():
            return None
        return target.read_bytes()


def safe_relative(relative: str) -> bool:
    if not relative or "\\" in relative or "\x00" in relative:
        return False
    p = PurePosixPath(relative)
    return not p.is_absolute() and ".." not in p.parts and not re.match(r"^[A-Za-z]:", relative)


def _read_manifest(source: _Source) -> tuple[str, list[tuple[str, dict]]]:
    raw_json = source.read("manifest.json")
    if raw_json is not None:
        try:
            data = json.loads(raw_json.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PackError([f"manifest.json: not valid JSON ({exc})."]) from exc
        if not isinstance(data, dict) or not isinstance(data.get("examples"), list):
            raise PackError(["manifest.json: expected an object with an 'examples' list."])
        if data.get("format", FORMAT_NAME) != FORMAT_NAME:
            raise PackError([f"manifest.json: unknown format {data.get('format')!r}."])
        rows = []
        for i, item in enumerate(data["examples"], start=1):
            key = item.get("key") if isinstance(item, dict) else None
            where = f"example {i}" + (f" ('{key}')" if isinstance(key, str) else "")
            rows.append((where, item))
        return str(data.get("name", source.path.stem)), rows
    raw_csv = source.read("manifest.csv")
    if raw_csv is None:
        raise PackError(["No manifest.json or manifest.csv at the top of the pack."])
    try:
        text = raw_csv.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(["manifest.csv: not UTF-8 text."]) from exc
    rows = []
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        item = {k: v for k, v in row.items() if k and v not in (None, "")}
        for json_field in ("tells", "made"):
            if json_field in item:
                try:
                    item[json_field] = json.loads(item[json_field])
                except json.JSONDecodeError:
                    item[json_field] = _Invalid(f"{json_field} is not valid JSON")
        rows.append((f"line {reader.line_num}", item))
    return source.path.stem, rows


@dataclass
class _Invalid:
    reason: str


def validate_tells(tells, *, where: str = "tells") -> list[str]:
    """Problems with a list of tell regions (empty list when valid)."""
    if isinstance(tells, _Invalid):
        return [tells.reason]
    if not isinstance(tells, list):
        return [f"{where} must be a list."]
    problems = []

    def unit(v) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1

    for i, tell in enumerate(tells, start=1):
        label = f"{where} {i}"
        if not isinstance(tell, dict):
            problems.append(f"{label} must be an object.")
            continue
        if not isinstance(tell.get("note"), str) or not tell["note"].strip():
            problems.append(f"{label} needs a note.")
        shape = tell.get("shape", "rect")
        if shape == "rect":
            values = [tell.get(k) for k in ("x", "y", "w", "h")]
            if not all(unit(v) for v in values):
                problems.append(f"{label}: x, y, w and h must be numbers from 0 to 1.")
            elif (
                values[0] + values[2] > 1.0001
                or values[1] + values[3] > 1.0001
                or values[2] <= 0
                or values[3] <= 0
            ):
                problems.append(f"{label}: the rectangle must lie inside the image and have a size.")
        elif shape == "polygon":
            points = tell.get("points")
            if not isinstance(points, list) or len(points) < 3:
                problems.append(f"{label}: a polygon needs at least 3 points.")
            elif not all(
                isinstance(p, list | tuple) and len(p) == 2 and unit(p[0]) and unit(p[1]) for p in points
            ):
                problems.append(f"{label}: polygon points must be [x, y] pairs from 0 to 1.")
        elif shape == "span":
            start, end = tell.get("start"), tell.get("end")
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (start, end))
            if not numbers or start < 0 or end <= start:
                problems.append(f"{label}: a span needs start and end in seconds, start before end.")
        else:
            problems.append(f"{label}: shape must be 'rect', 'polygon' or (for a recording) 'span'.")
    return problems


def _validate_fields(item: dict) -> list[str]:
    problems = []
    if not isinstance(item, dict):
        return ["is not an object."]
    for name in REQUIRED:
        value = item.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"missing {name}.")
    unknown = set(item) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        problems.append(f"unknown field(s): {', '.join(sorted(unknown))}.")
    key = item.get("key")
    if isinstance(key, str) and key and not KEY_RE.match(key):
        problems.append(f"key {key!r} must be 3-80 lowercase letters, digits or dashes.")
    label, technique = item.get("label"), item.get("technique")
    if label is not None and label not in Label.values:
        problems.append(f"label {label!r} must be 'real' or 'synthetic'.")
    if technique is not None and technique not in Technique.values:
        problems.append(f"technique {technique!r} is not one of {', '.join(Technique.values)}.")
    if label in Label.values and technique in Technique.values:
        problem = label_technique_problem(label, technique)
        if problem:
            problems.append(problem)
    family = item.get("family")
    if isinstance(family, str) and family and not FAMILY_RE.match(family):
        problems.append(f"family {family!r} must be a lowercase slug.")
    difficulty = item.get("difficulty")
    try:
        ok = (
            difficulty is not None
            and str(int(difficulty)) == str(difficulty).strip()
            and 1 <= int(difficulty) <= 5
        )
    except (TypeError, ValueError):
        ok = False
    if difficulty is not None and not ok:
        problems.append(f"difficulty {difficulty!r} must be a whole number from 1 to 5.")
    if item.get("use") is not None and item.get("use") not in Example.Use.values:
        problems.append(f"use {item.get('use')!r} must be 'study' or 'assessment'.")
    if item.get("status", "published") not in Example.Status.values:
        problems.append(f"status {item.get('status')!r} must be 'published' or 'draft'.")
    if item.get("set") not in (None, "", "pre", "post"):
        problems.append(f"set {item.get('set')!r} must be 'pre' or 'post'.")
    if item.get("era") not in (None, "", *Example.Era.values):
        problems.append(f"era {item.get('era')!r} must be 'early' or 'current'.")
    noncommercial = item.get("noncommercial")
    is_text_bool = isinstance(noncommercial, str) and noncommercial.strip().lower() in BOOLEAN_TEXT
    if noncommercial is not None and not isinstance(noncommercial, bool) and not is_text_bool:
        problems.append(f"noncommercial {noncommercial!r} must be true or false.")
    for name, limit in TEXT_LIMITS.items():
        value = item.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            problems.append(f"{name} must be text of at most {limit} characters.")
    if technique == Technique.OUT_OF_CONTEXT and not (item.get("caption") and item.get("true_context")):
        problems.append("an out_of_context example needs a caption and its true_context.")
    if label == Label.SYNTHETIC:
        if not item.get("generator"):
            problems.append("a synthetic example needs its generator.")
        if not item.get("tells"):
            problems.append("a synthetic example needs at least one tell.")
    if "tells" in item:
        problems += validate_tells(item["tells"])
    if "made" in item and not isinstance(item["made"], dict):
        problems.append("made must be an object.")
    licence = str(item.get("licence", ""))
    if licence.upper().startswith("CC-BY") and not item.get("attribution"):
        problems.append(f"licence {licence} requires an attribution line.")
    sha = item.get("sha256")
    if sha is not None and not (isinstance(sha, str) and HEX64.match(sha)):
        problems.append("sha256 must be 64 lowercase hex digits.")
    file_name = item.get("file")
    if file_name is not None and not (isinstance(file_name, str) and safe_relative(file_name)):
        problems.append(
            f"file {file_name!r} must be a relative path inside the pack (no '..', no absolute path)."
        )
    return problems


def read_pack(path: Path, *, progress=None) -> Pack:
    """Read and validate a whole pack. Raises PackError listing every problem."""
    source = _Source(Path(path))
    name, rows = _read_manifest(source)
    problems: list[str] = []
    entries: list[Entry] = []
    seen_keys: dict[str, str] = {}
    for n, (where, item) in enumerate(rows, start=1):
        if progress:
            progress(n, len(rows))
        field_problems = _validate_fields(item)
        problems += [f"{where}: {p}" for p in field_problems]
        if not isinstance(item, dict):
            continue
        key = item.get("key")
        if isinstance(key, str):
            if key in seen_keys:
                problems.append(f"{where}: duplicate key {key!r} (also {seen_keys[key]}).")
            seen_keys.setdefault(key, where)
        entry = Entry(where=where, fields=item)
        file_name = item.get("file")
        if isinstance(file_name, str) and safe_relative(file_name):
            data = source.read(file_name)
            if data is None:
                problems.append(f"{where}: file {file_name!r} is missing from the pack.")
            else:
                try:
                    if audio.sniff(data):
                        entry.image = audio.inspect_audio(data, name=file_name)
                    else:
                        entry.image = inspect_image(data, name=file_name)
                except MediaError as exc:
                    problems.append(f"{where}: {exc}")
                else:
                    problems += [f"{where}: {p}" for p in _tells_fit_media(item.get("tells"), entry.image)]
                    expected = item.get("sha256")
                    if expected and expected != hashlib.sha256(data).hexdigest():
                        problems.append(f"{where}: {file_name} does not match its sha256.")
        entries.append(entry)
    known = set(seen_keys) | set(Example.objects.filter(key__in=[
        e.fields.get("derived_from") for e in entries if e.fields.get("derived_from")
    ]).values_list("key", flat=True))  # fmt: skip
    for entry in entries:
        parent = entry.fields.get("derived_from")
        if parent and parent not in known:
            problems.append(
                f"{entry.where}: derived_from {parent!r} is neither in the pack nor in the library."
            )
    if not rows:
        problems.append("The manifest lists no examples.")
    if problems:
        raise PackError(problems)
    return Pack(name=name, entries=entries)


def _tells_fit_media(tells, media) -> list[str]:
    """Spans belong to recordings (and end within them); rectangles and polygons to pictures."""
    if not isinstance(tells, list):
        return []
    is_audio = isinstance(media, audio.InspectedAudio)
    problems = []
    for i, tell in enumerate(tells, start=1):
        if not isinstance(tell, dict):
            continue
        shape = tell.get("shape", "rect")
        if is_audio and shape != "span":
            problems.append(f"tells {i}: a recording's tells are spans of time (shape 'span').")
        elif not is_audio and shape == "span":
            problems.append(f"tells {i}: a span of time fits a recording, not a picture.")
        elif is_audio and isinstance(tell.get("end"), int | float) and tell["end"] > media.duration + 0.05:
            problems.append(f"tells {i}: the span ends after the recording ({media.duration:.2f} s).")
    return problems


def as_bool(value) -> bool:
    """A manifest boolean: JSON true/false, or CSV text such as "true" or "no"."""
    if isinstance(value, bool):
        return value
    return BOOLEAN_TEXT.get(str(value or "").strip().lower(), False)
