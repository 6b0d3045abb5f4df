"""QR codes drawn as SVG markup for the page itself (no script, no image
request; the page's CSP allows inline SVG, which carries no style attribute)."""

import segno


def qr_svg(text: str, *, title: str = "QR code") -> str:
    """An <svg> element for `text`, error correction M (a creased or
    smudged printed card still scans)."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=3, title=title, border=4)
