"""Contact sheets with tells drawn, for looking at a pack:
python -m contentgen.sheet PACK OUT.png [--family F] [--keys k1,k2] [--thumb 320] [--cols 4] [--start 0 --count 16]"""

import argparse
import json
from pathlib import Path

from PIL import Image, ImageDraw


def main():
    p = argparse.ArgumentParser()
    for name in ("pack", "out"):
        p.add_argument(name)
    for option in ("--family", "--keys", "--contains"):
        p.add_argument(option)
    p.add_argument("--thumb", type=int, default=320)
    p.add_argument("--cols", type=int, default=4)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--count", type=int, default=16)
    p.add_argument("--no-tells", action="store_true")
    a = p.parse_args()
    folder = Path(a.pack)
    ex = json.loads((folder / "manifest.json").read_text())["examples"]
    if a.family:
        ex = [e for e in ex if e["family"] == a.family]
    if a.keys:
        keys = a.keys.split(",")
        ex = [e for e in ex if e["key"] in keys]
    if a.contains:
        ex = [e for e in ex if a.contains in e["key"]]
    ex = ex[a.start : a.start + a.count]
    T = a.thumb
    rows = (len(ex) + a.cols - 1) // a.cols
    ims = []
    for e in ex:
        im = Image.open(folder / e["file"]).convert("RGB")
        im.thumbnail((T, T))
        ims.append(im)
    th = max(i.size[1] for i in ims) + 14
    sheet = Image.new("RGB", (a.cols * T, rows * th), "white")
    d = ImageDraw.Draw(sheet)
    for n, (e, im) in enumerate(zip(ex, ims, strict=True)):
        x, y = (n % a.cols) * T, (n // a.cols) * th
        sheet.paste(im, (x, y))
        w, h = im.size
        if not a.no_tells:
            for t in e.get("tells") or []:
                if t["shape"] == "rect":
                    d.rectangle(
                        [
                            x + t["x"] * w,
                            y + t["y"] * h,
                            x + (t["x"] + t["w"]) * w,
                            y + (t["y"] + t["h"]) * h,
                        ],
                        outline=(255, 0, 0),
                        width=2,
                    )
                else:
                    pts = [(x + px * w, y + py * h) for px, py in t["points"]]
                    d.line(pts + pts[:1], fill=(0, 255, 0), width=2)
        d.text((x + 2, y + h), f"{e['key'][:34]} d{e['difficulty']} {e.get('set', '')}", fill="black")
    sheet.save(a.out)


if __name__ == "__main__":
    main()
