"""The case file (content/cases/cases.json) and its tools, answered from the project's own data.

Plain Python apart from one setting (which cases a deployment offers, in all_cases); bench scripts that run
without Django read catalogue(). A case's image or recording is addressed by the case key, never by the
pack key or its file name, so nothing on the page gives the label away before the learner answers.
Most cases post a picture; a voice-message case posts a recording (post["audio"], with its transcript),
and each tool says honestly what it can do with one: the picture tools say they work on pictures.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from PIL import Image

from investigations import audio_metadata, credentials, faces, metadata
from investigations.build_cases import OUT, VOICES
from investigations.reverse_search import STARTER, search

VERDICT_LABELS = {
    "in_context": "Authentic and in context",
    "miscaptioned": "Authentic but miscaptioned",
    "edited": "Edited",
    "generated": "Wholly generated",
    "cannot_tell": "Cannot tell yet",
}
ACTION_LABELS = {
    "share": "Share it",
    "do_not_share": "Do not share it",
    "report": "Report it",
    "ask_another_way": "Ask the sender another way",
}
TOOL_LABELS = {
    "reverse_search": "Reverse image search",
    "account_history": "Account history",
    "fact_checks": "Search fact-checks and news",
    "content_credentials": "Content Credentials",
    "metadata": "File metadata (EXIF)",
    "compare_faces": "Compare faces",
}


# Steps of an expert's path that are not tools, in the learner's words.
OTHER_STEPS = {
    "compare original": "Compare the post with the original side by side",
    "reverse_search (nothing)": "Reverse image search (it finds nothing)",
    "call back on the number you already have": "Call back on the number you already have",
}


def step_label(step: str) -> str:
    """A tool or another step of an expert's path, as a learner reads it."""
    return TOOL_LABELS.get(step) or OTHER_STEPS.get(step) or step


def step_labels(steps) -> list[str]:
    return [step_label(step) for step in steps]


@lru_cache(maxsize=1)
def _examples() -> dict:
    return {item["key"]: item for item in json.loads((STARTER / "manifest.json").read_text())["examples"]}


@lru_cache(maxsize=1)
def _signed() -> dict:
    """content/cases/credentials/index.json (contentgen/credentials.py): case key -> its signed file."""
    path = credentials.CREDENTIALS / "index.json"
    return json.loads(path.read_text())["cases"] if path.exists() else {}


# What the teacher note adds for each kind of signed file (contentgen/credentials.py, "story").
CREDENTIALS_NOTES = {
    "generated": "Its Content Credentials name the generator: the quickest check, when they survive.",
    "history": "Its Content Credentials show where the picture came from and what was done to it.",
    "stripped": "Its Content Credentials were removed, as most sites do on upload: the tool finds "
    "nothing, and that proves nothing.",
    "altered": "The Content Credentials belong to the unedited original: validation fails because "
    "the picture changed after it was signed.",
}


def _with_credentials(case: dict) -> dict:
    signed = _signed().get(case["key"])
    if not signed:
        return case
    case = {**case, "teacher_note": f"{case['teacher_note']} {CREDENTIALS_NOTES[signed['story']]}"}
    if signed["supports_verdict"]:
        # Credentials that bear on the verdict are evidence an expert would pin, and check first.
        case["supporting_tools"] = [*case["supporting_tools"], "content_credentials"]
        case["expert_path"] = ["content_credentials", *case["expert_path"]]
    return case


def _noncommercial(case: dict) -> bool:
    """Whether the post's file has a non-commercial link in its lineage (the StyleGAN2 faces of invented
    experts, the Piper voice messages), read from the pack's manifest or the recordings' index."""
    if is_voice(case):
        return bool(_voices()[case["post"]["audio"]].get("noncommercial"))
    return bool(_examples()[case["post"]["image"]].get("noncommercial"))


@lru_cache(maxsize=1)
def catalogue() -> tuple[dict, ...]:
    """Every case in the case file, each marked `noncommercial` from its post's lineage."""
    cases = json.loads(Path(OUT).read_text())["cases"]
    return tuple({**_with_credentials(case), "noncommercial": _noncommercial(case)} for case in cases)


def all_cases() -> tuple[dict, ...]:
    """The cases this site offers: the whole catalogue, less the non-commercial ones when the deployment
    leaves those out (DLL_EXCLUDE_NONCOMMERCIAL, as the library's import does for its examples)."""
    if settings.EXCLUDE_NONCOMMERCIAL:
        return tuple(case for case in catalogue() if not case["noncommercial"])
    return catalogue()


def get_case(key: str) -> dict | None:
    """An offered case by its key; None for an unknown key or a case this deployment leaves out."""
    return next((case for case in all_cases() if case["key"] == key), None)


def is_voice(case: dict) -> bool:
    """A voice-message case: the post is a recording (with its transcript), not a picture."""
    return bool(case["post"].get("audio"))


def medium(case: dict) -> str:
    """What the post shows, in the words of the verdict question ("What is this picture?")."""
    return "voice message" if is_voice(case) else "picture"


@lru_cache(maxsize=1)
def _voices() -> dict:
    """content/cases/voices/index.json (contentgen/voice_messages.py): recording key -> its file and provenance."""
    return json.loads(VOICES.read_text())["messages"] if VOICES.exists() else {}


def image_path(pack_key: str) -> Path:
    return STARTER / _examples()[pack_key]["file"]


def posted_path(case: dict) -> Path:
    """The file the post shows: its recording, the signed copy where the case has one, else the pack's picture."""
    if is_voice(case):
        return VOICES.parent / _voices()[case["post"]["audio"]]["file"]
    signed = _signed().get(case["key"])
    if signed:
        return credentials.CREDENTIALS / signed["file"]
    return image_path(case["post"]["image"])


def posted_media(case: dict) -> tuple[Path, str]:
    """The posted file and its content type, read from what the file is, not from its name."""
    path = posted_path(case)
    if is_voice(case):
        return path, "audio/mpeg"  # contentgen/voice_messages.py writes MP3 only
    with Image.open(path) as image:
        return path, Image.MIME.get(image.format, "application/octet-stream")


def _voice_tool(case: dict, tool: str) -> dict:
    """The tools on a recording: the picture tools say they work on pictures only; the rest answer as usual."""
    if tool == "reverse_search":
        return {"matches": [], "pictures_only": True}
    if tool == "compare_faces":
        return {"faces": {"state": "no_picture"}}
    if tool == "content_credentials":
        return {"credentials": credentials.read(posted_path(case).read_bytes(), "MP3")}
    if tool == "metadata":
        return {"metadata": audio_metadata.read(posted_path(case).read_bytes())}
    raise KeyError(tool)


def run_tool(case: dict, tool: str) -> dict:
    """What a tool shows for this case; keys depend on the tool. Unknown tools raise KeyError."""
    if tool == "account_history":
        return {"text": case["account_history"]}
    if tool == "fact_checks":
        return {"articles": case["fact_checks"]}
    if is_voice(case):
        return _voice_tool(case, tool)
    if tool == "reverse_search":
        # The file the post shows, as a learner would upload it; nothing is left out, so an authentic
        # post finds the library's original of its own picture.
        with Image.open(posted_path(case)) as image:
            matches = search(image)
        archive = {entry["image"]: entry for entry in case["archive"]}
        rows = [
            {
                "pack_key": m.key,
                "distance": m.distance,
                "source": m.source,
                "lineage": m.lineage,
                "date": archive.get(m.key, {}).get("date"),
            }
            for m in matches
        ]
        rows.sort(key=lambda row: (row["date"] is None, row["date"] or "", row["distance"]))
        return {"matches": rows}
    if tool == "content_credentials":
        path = posted_path(case)
        with Image.open(path) as image:
            image_format = image.format
        return {"credentials": credentials.read(path.read_bytes(), image_format)}
    if tool == "metadata":
        return {"metadata": metadata.read(posted_path(case).read_bytes())}
    if tool == "compare_faces":
        with Image.open(posted_path(case)) as image:
            size = image.size
        return {"faces": faces.compare(case["post"]["image"], width=size[0], height=size[1])}
    raise KeyError(tool)
