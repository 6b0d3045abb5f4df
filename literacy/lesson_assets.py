"""Read the lesson assets that contentgen produced (docs/lesson-assets.md).

They are served as static files under `lesson-assets/`; this module only reads
their JSON once per process so widgets can render server-side."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static

ASSETS_DIR = settings.CONTENT_DIR / "lesson-assets"


@cache
def _load(relative: str) -> dict | None:
    path = Path(ASSETS_DIR) / relative
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def asset_url(folder: str, name: str) -> str:
    return static(f"lesson-assets/{folder}/{name}")


def gan_training() -> dict | None:
    return _load("gan-training/training.json")


def gan_judge() -> dict | None:
    """The game's rounds with their answers: kept in content/lesson-keys/,
    outside the static folder, so no browser can fetch the answer key."""
    return _load("../lesson-keys/gan-judge.json")


def vae_latent() -> dict | None:
    return _load("vae-latent/latent.json")


def diffusion_steps() -> dict | None:
    return _load("diffusion/steps.json")
