"""Perceptual hashes for the reverse image search (plain functions, Pillow only, no Django).

dHash: shrink to 9x8 greys and record whether each pixel is brighter than its right neighbour,
64 bits. Resizing, re-encoding and mild colour changes barely move it; a different picture lands
about 32 bits away. Crops move it more, so the search also hashes the centre of the candidate.
"""

from PIL import Image, ImageOps

HASH_BITS = 64
MATCH_DISTANCE = 10  # bits of 64; chosen from tests/test_hashing.py measurements


def dhash(image: Image.Image) -> int:
    grey = ImageOps.exif_transpose(image).convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = grey.tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            left = pixels[row * 9 + col]
            right = pixels[row * 9 + col + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return bits


def has_detail(image: Image.Image, *, min_spread: int = 8) -> bool:
    """A flat or nearly flat picture hashes to almost all zeros and would 'match' any dark, smooth photo."""
    low, high = (
        ImageOps.exif_transpose(image).convert("L").resize((9, 8), Image.Resampling.LANCZOS).getextrema()
    )
    return high - low >= min_spread


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def centre_crop(image: Image.Image, fraction: float) -> Image.Image:
    width, height = image.size
    keep_w, keep_h = int(width * fraction), int(height * fraction)
    left, top = (width - keep_w) // 2, (height - keep_h) // 2
    return image.crop((left, top, left + keep_w, top + keep_h))


def hash_variants(image: Image.Image) -> list[int]:
    """The whole picture and its centre at a few crop sizes, so a cropped copy still meets its original."""
    return [dhash(image)] + [dhash(centre_crop(image, f)) for f in (0.9, 0.8, 0.7)]


def best_distance(query: int, candidates: list[int]) -> int:
    return min(hamming(query, c) for c in candidates)
