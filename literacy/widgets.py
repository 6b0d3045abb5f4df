"""The lessons' interactive parts, drawn on the server: each widget's context,
library examples placed in a lesson, the be-the-discriminator game's items and
scores, and the latent walk. Views call these; nothing here writes. An app above may draw a widget
from its own data by registering a provider (`register`)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from literacy import audio, lesson_assets, media
from literacy.lessons import parse_examples_marker, split_markers
from literacy.models import Example


def _examples_block(spec: str, request) -> str:
    options = parse_examples_marker(spec)
    examples = Example.objects.published().study().prefetch_related("renditions")
    if "keys" in options:  # named study examples, in the order the lesson gives them
        found = {e.key: e for e in examples.filter(key__in=options["keys"])}
        chosen = [found[k] for k in options["keys"] if k in found]
    else:
        if "family" in options:
            examples = examples.filter(family=options["family"])
        if "technique" in options:
            examples = examples.filter(technique=options["technique"])
        chosen = list(examples.order_by("difficulty", "pk")[: options["limit"]])
    cards = [_card(e) for e in chosen]
    return render_to_string("literacy/widgets/examples.html", {"cards": cards, "options": options}, request)


def _card(example) -> dict:
    """A picture's library rendition, or a recording's player source and spectrogram."""
    if example.media_kind == Example.MediaKind.AUDIO:
        return {"example": example, "image": audio.spectrogram_set(example), "sound": audio.sound_of(example)}
    return {"example": example, "image": media.rendition_set(example, "library")}


# Widgets that an app above literacy draws from its own data (investigations draws the lateral-reading
# widget as a live case). A provider takes the request and returns (template name, context), or None to
# fall back to literacy's own template for that widget.
Provider = Callable[[HttpRequest], tuple[str, dict] | None]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> Provider:
    """Let an app above draw the widget `name` (called from its AppConfig.ready)."""
    _providers[name] = provider
    return provider


def _widget_block(name: str, request, lesson) -> str:
    provided = _providers[name](request) if name in _providers else None
    if provided is not None:
        template, context = provided
        return render_to_string(template, {"lesson": lesson, **context}, request)
    context = {"lesson": lesson, **widget_context(name, request)}
    return render_to_string(f"literacy/widgets/{name}.html", context, request)


def widget_context(name: str, request) -> dict:
    if name == "gan-replay":
        data = lesson_assets.gan_training()
        steps = (data or {}).get("steps", [])
        try:
            current = max(0, min(len(steps) - 1, int(request.GET.get("step", 0))))
        except ValueError:
            current = 0
        for step in steps:
            step["url"] = lesson_assets.asset_url("gan-training", step["samples"])
        return {"data": data, "steps": steps, "current": steps[current] if steps else None, "index": current}
    if name == "be-the-discriminator":
        return {"judge": lesson_assets.gan_judge(), "game": request.session.get("judge_game", {})}
    if name == "latent-walk":
        return latent_walk_context(request.GET)
    if name == "latent-explorer":
        data = lesson_assets.vae_latent()
        return {
            "data": data,
            "sprite": lesson_assets.asset_url("vae-latent", data["sprite"]) if data else None,
        }
    if name == "diffusion-steps":
        data = lesson_assets.diffusion_steps()
        chains = (data or {}).get("chains", [])
        for chain in chains:
            for frame in chain["frames"]:
                frame["url"] = lesson_assets.asset_url("diffusion", frame["image"])
        return {"data": data, "chains": chains}
    if name == "forensics":
        examples = (
            Example.objects.published()
            .study()
            .filter(label="synthetic")
            .exclude(technique__in=["gan", "vae", "diffusion"])
            .prefetch_related("renditions")[:4]
        )
        return {"cards": [{"example": e, "image": media.rendition_set(e, "library")} for e in examples]}
    return {}


def _digit(value, default):
    return int(value) if value in {str(d) for d in range(10)} else default


def latent_walk_context(query) -> dict:
    """A straight walk through the VAE's latent plane from the average
    position of one digit to another's, as the grid tiles it passes."""
    data = lesson_assets.vae_latent()
    if not data:
        return {"data": None}
    start, end = _digit(query.get("walk_from"), 1), _digit(query.get("walk_to"), 7)
    centres = {}
    for point in data["points"]:
        centres.setdefault(point["digit"], []).append(point["z"])
    mean = {
        d: (sum(z[0] for z in zs) / len(zs), sum(z[1] for z in zs) / len(zs)) for d, zs in centres.items()
    }
    n, lo, hi, tile = data["n"], data["range"][0], data["range"][1], data["tile"]
    a, b = mean.get(start, (0.0, 0.0)), mean.get(end, (0.0, 0.0))
    steps = []
    for k in range(9):
        t = k / 8
        z1, z2 = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        col = min(n - 1, max(0, round((z1 - lo) / (hi - lo) * (n - 1))))
        row = min(n - 1, max(0, round((hi - z2) / (hi - lo) * (n - 1))))
        steps.append({"z1": z1, "z2": z2, "x": col * tile, "y": row * tile})
    return {
        "data": data,
        "sprite": lesson_assets.asset_url("vae-latent", data["sprite"]),
        "sprite_size": n * tile,
        "tile": tile,
        "steps": steps,
        "walk_from": start,
        "walk_to": end,
        "digits": range(10),
    }


def render_parts(html: str, request, lesson) -> str:
    """The lesson's HTML with its markers rendered: widgets and library
    examples are drawn per request (they read the request and the library);
    the split of the HTML at its markers is parsed once (lessons.split_markers)."""
    out = []
    for kind, value in split_markers(html):
        if kind == "html":
            out.append(value)
        elif kind == "widget":
            out.append(_widget_block(value, request, lesson))
        else:
            out.append(_examples_block(value, request))
    return mark_safe("".join(out))


def judge_items() -> list[dict]:
    data = lesson_assets.gan_judge() or {}
    items = []
    for stage in data.get("stages", []):
        for i, item in enumerate(stage.get("items", [])):
            items.append(
                {
                    "stage": stage["stage"],
                    "step": stage.get("step"),
                    "index": len(items),
                    "url": lesson_assets.asset_url("gan-training", item["image"]),
                    "generated": bool(item["generated"]),
                    "position": i,
                }
            )
    return items


def judge_scores(items: list[dict], answers: dict) -> list[dict]:
    stages = []
    for stage in dict.fromkeys(item["stage"] for item in items):
        members = [item for item in items if item["stage"] == stage]
        judged = [item for item in members if str(item["index"]) in answers]
        generated = [item for item in judged if item["generated"]]
        real = [item for item in judged if not item["generated"]]
        fooled = sum(1 for item in generated if answers[str(item["index"])] == "real")
        false_alarms = sum(1 for item in real if answers[str(item["index"])] == "generated")
        stages.append(
            {
                "stage": stage,
                "step": members[0]["step"],
                "answered": len(judged),
                "total": len(members),
                "generated": len(generated),
                "fooled": fooled,
                "fooled_rate": round(100 * fooled / len(generated)) if generated else None,
                "caught": len(generated) - fooled,
                "false_alarms": false_alarms,
                "real": len(real),
            }
        )
    return stages
