"""Template filters for the numbers pages draw: shares as percentages,
normalised coordinates as per-mille SVG units, scaled image heights.
Installed as a builtin (config/settings.py), so templates need no {% load %}."""

from __future__ import annotations

from django import template

register = template.Library()


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@register.filter
def percent(value) -> int | str:
    """0.734 -> 73 (a share as a whole percentage); "" for no value."""
    number = _number(value)
    return "" if number is None else round(number * 100)


@register.filter
def permille(value) -> int | str:
    """0.25 -> 250: a normalised coordinate in a 1000-unit SVG viewBox."""
    number = _number(value)
    return "" if number is None else round(number * 1000)


@register.filter
def scaled_height(image, width) -> int | str:
    """The height of an image (a dict or object with width and height) shown `width` wide."""
    if not image:
        return ""
    w = image["width"] if isinstance(image, dict) else image.width
    h = image["height"] if isinstance(image, dict) else image.height
    return round(h * int(width) / w) if w else ""


@register.filter
def steps_of(done, total) -> int:
    """How many of 20 steps a progress bar fills: done of total."""
    done_n, total_n = _number(done) or 0, _number(total) or 0
    return round(20 * done_n / total_n) if total_n else 0


@register.filter
def svg_points(points) -> str:
    """[[0.1, 0.2], ...] -> "100,200 ..." for an SVG polygon in a 1000-unit viewBox."""
    return " ".join(f"{permille(x)},{permille(y)}" for x, y in points or [])


@register.filter
def field_label(field):
    """A form field's <label> without Django's trailing colon: our labels are
    headings of their box ("Password", "Class code"), not the start of a sentence."""
    return field.label_tag(label_suffix="")
