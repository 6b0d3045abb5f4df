"""Sign some case pictures with Content Credentials (C2PA manifests), using a TEST certificate chain.

Run after investigations/build_cases.py: .venv/bin/python -m contentgen.credentials
(or contentgen/.venv-real, which installs contentgen/requirements-credentials.txt).

Each build makes a fresh test root CA and three signing certificates under it (a "camera", a
"photo editor" and an "image generator"), signs the pictures in PLAN, and keeps only the root's
public certificate (content/cases/credentials/test-root.pem), which the app loads as its one trust
anchor. The private keys exist only in memory during the build, so nobody can sign anything else
with this authority afterwards. No real authority vouches for any of it: the subjects say TEST.

What the cases carry (content/cases/credentials/index.json):
  generated  the generator's manifest: c2pa.created, digitalSourceType trainedAlgorithmicMedia
  history    a capture manifest on the original, then an edit manifest naming it as an ingredient
  stripped   signed, then the manifest removed (what most sites do on upload): nothing to read
  altered    a capture manifest copied onto a changed picture: validation fails (data hash mismatch)
Signatures (ECDSA) and manifest ids are random, so files differ from build to build; the tests build
their own in a temporary folder and check what the reader says, not the bytes.
"""

import argparse
import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "content" / "starter"
CASES = ROOT / "content" / "cases" / "cases.json"
OUT = ROOT / "content" / "cases" / "credentials"

TEST_ORG = "Deepfake Literacy Lab TEST authority (made for this course, not a real signer)"
ROOT_NAME = "Deepfake Literacy Lab TEST Root CA"
SIGNERS = {
    "camera": "TEST camera key",
    "editor": "TEST photo editor",
    "generator": "TEST image generator service",
}
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
CLAIM_GENERATOR = {"name": "Deepfake Literacy Lab contentgen (TEST)", "version": "1"}
# Only the manifests we describe: no thumbnails (they would double the files for nothing we show).
BUILD_SETTINGS = {
    "builder": {"thumbnail": {"enabled": False}},
    "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
}

# The generator of the pack's faces (content/starter/manifest.json, "generator" of stylegan-*).
AGENT = "MobileStyleGAN, from PyPI random-face 2021.7.21.1"
# case key -> what its posted picture carries. "original"/"parts" are starter-pack keys with the
# file name and credit the capture manifest records (facts from the pack's own provenance).
PLAN = {
    "dr-lena-varga": {"story": "generated", "agent": AGENT},
    "prof-amir-sato": {"story": "generated", "agent": AGENT},
    "dr-jon-berrin": {"story": "stripped", "agent": AGENT},
    "dscovr-pad": {
        "story": "history",
        "parts": [("scene-rocket-0", "rocket.jpg (SpaceX, via scikit-image)")],
        "actions": ["c2pa.resized"],
    },
    "deep-field-share": {
        "story": "history",
        "parts": [("scene-hubble-0", "hubble_deep_field.jpg (NASA, via scikit-image)")],
        "actions": ["c2pa.cropped", "c2pa.resized"],
    },
    "backyard-telescope": {
        "story": "history",
        "parts": [("scene-hubble-0", "hubble_deep_field.jpg (NASA, via scikit-image)")],
        "actions": ["c2pa.cropped", "c2pa.resized"],
    },
    "palace-glow": {
        "story": "history",
        "parts": [("scene-china-0", "china.jpg (danielbuechele, CC BY 2.0, via scikit-learn)")],
        "actions": ["c2pa.color_adjustments"],
    },
    "rocket-galaxy": {
        "story": "history",
        "parts": [
            ("scene-rocket-0", "rocket.jpg (SpaceX, via scikit-image)"),
            ("scene-hubble-0", "hubble_deep_field.jpg (NASA, via scikit-image)"),
        ],
        "actions": ["c2pa.placed", "c2pa.edited"],
    },
    "ela-trap": {
        "story": "altered",
        "parts": [("object-ela-original", "ela_original.jpg (OpenCV sample image)")],
    },
}
# Whether what the tool shows supports the case's verdict (grading may count it as evidence).
SUPPORTS = {
    "generated": True,
    "history": True,  # in-context cases: the history agrees with the caption; edits: it shows the edit
    "stripped": False,  # nothing to read proves nothing
    "altered": True,  # the picture changed after it was signed
}


@dataclass(frozen=True)
class Chain:
    root_pem: bytes
    signers: dict  # role -> (certificate chain PEM, private key PEM)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_ORG),
        ]
    )


def _key_usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_chain(now: datetime.datetime | None = None) -> Chain:
    """A test root CA and one signing certificate per role with what C2PA asks of a claim signer:
    not a CA, digitalSignature key usage, an allowed extended key usage (emailProtection, RFC 5280),
    key identifiers, and an issuer that is not itself (C2PA refuses self-signed signing certificates)."""
    now = now or datetime.datetime.now(datetime.UTC)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=3650)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(_name(ROOT_NAME))
        .issuer_name(_name(ROOT_NAME))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    root_pem = root.public_bytes(serialization.Encoding.PEM)
    signers = {}
    for role, common_name in SIGNERS.items():
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(root.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(sign=True, ca=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
            )
            .sign(root_key, hashes.SHA256())
        )
        key_pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        signers[role] = (cert.public_bytes(serialization.Encoding.PEM) + root_pem, key_pem)
    return Chain(root_pem=root_pem, signers=signers)


def _sign(chain: Chain, role: str, manifest: dict, data: bytes, ingredients=()) -> bytes:
    cert_pem, key_pem = chain.signers[role]
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, cert_pem, key_pem, None))
    # The builder validates signed ingredients as it adds them; trusting the test root records them as trusted.
    settings = {**BUILD_SETTINGS, "trust": {"trust_anchors": chain.root_pem.decode("ascii")}}
    context = c2pa.Context.from_dict(settings)
    out = io.BytesIO()
    with c2pa.Builder(manifest, context=context) as builder:
        for ingredient, ingredient_data in ingredients:
            builder.add_ingredient(ingredient, "image/jpeg", io.BytesIO(ingredient_data))
        builder.sign(signer, "image/jpeg", io.BytesIO(data), out)
    return out.getvalue()


def _manifest(title: str, actions: list[dict]) -> dict:
    return {
        "claim_generator_info": [CLAIM_GENERATOR],
        "title": title,
        "format": "image/jpeg",
        "assertions": [{"label": "c2pa.actions", "data": {"actions": actions}}],
    }


def sign_generated(chain: Chain, data: bytes, *, title: str, agent: str) -> bytes:
    action = {
        "action": "c2pa.created",
        "digitalSourceType": IPTC + "trainedAlgorithmicMedia",
        "softwareAgent": {"name": agent},
    }
    return _sign(chain, "generator", _manifest(title, [action]), data)


def sign_capture(chain: Chain, data: bytes, *, title: str) -> bytes:
    action = {"action": "c2pa.created", "digitalSourceType": IPTC + "digitalCapture"}
    return _sign(chain, "camera", _manifest(title, [action]), data)


def sign_edit(
    chain: Chain, data: bytes, *, title: str, parts: list[tuple[str, bytes]], actions: list[str]
) -> bytes:
    """An edit manifest: the first part is the parent (opened), any others were placed into it."""
    ingredients, steps = [], []
    for index, (part_title, part_data) in enumerate(parts):
        label = f"ingredient-{index}"
        relationship = "parentOf" if index == 0 else "componentOf"
        ingredients.append(({"title": part_title, "relationship": relationship, "label": label}, part_data))
        verb = "c2pa.opened" if index == 0 else "c2pa.placed"
        steps.append({"action": verb, "parameters": {"ingredientIds": [label]}})
    steps += [{"action": name} for name in actions if name != "c2pa.placed"]
    return _sign(chain, "editor", _manifest(title, steps), data, ingredients)


# JPEG segments: C2PA stores its manifest store in APP11 (0xFFEB) segments as JUMBF boxes.
APP11 = 0xEB


def _segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """The marker segments before the scan (marker, whole segment bytes), and the rest of the file."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    position, segments = 2, []
    while position < len(data):
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            return segments, data[position:]
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segments.append((marker, data[position : position + 2 + length]))
        position += 2 + length
    raise ValueError("no scan in this JPEG")


def strip_manifest(data: bytes) -> bytes:
    segments, rest = _segments(data)
    return b"\xff\xd8" + b"".join(seg for marker, seg in segments if marker != APP11) + rest


def transplant_manifest(signed: bytes, other: bytes) -> bytes:
    """The manifest of `signed` on the pixels of `other`: what copying credentials onto a changed
    picture looks like. The data hash then covers bytes that are no longer there."""
    signed_segments = _segments(signed)[0]
    manifest = b"".join(seg for marker, seg in signed_segments if marker == APP11)
    # Put it where the signer put it (after the same leading segments, usually APP0), so what fails
    # is the hash of the pixels, not the recorded position of the manifest.
    lead = next(i for i, (marker, _seg) in enumerate(signed_segments) if marker == APP11)
    segments, rest = _segments(strip_manifest(other))
    head = b"".join(seg for _, seg in segments[:lead])
    return b"\xff\xd8" + head + manifest + b"".join(seg for _, seg in segments[lead:]) + rest


def _apply(data: bytes, actions: list[str]) -> bytes:
    """Do to the picture what the edit manifest will claim: crop 5 % off each side, then resize to 90 %."""
    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGB")
    if "c2pa.cropped" in actions:
        dx, dy = image.width // 20, image.height // 20
        image = image.crop((dx, dy, image.width - dx, image.height - dy))
    if "c2pa.resized" in actions:
        image = image.resize((image.width * 9 // 10, image.height * 9 // 10), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def build(out: Path, *, cases: dict, files: dict, plan: dict = PLAN) -> dict:
    """Sign the planned cases into `out`; return the index. cases: case key -> case; files: pack key -> bytes."""
    out.mkdir(parents=True, exist_ok=True)
    chain = make_chain()
    (out / "test-root.pem").write_bytes(chain.root_pem)
    index = {}
    for key, step in plan.items():
        image_key = cases[key]["post"]["image"]
        posted = files[image_key]
        title = f"{key}.jpg"
        story = step["story"]
        if story in ("generated", "stripped"):
            signed = sign_generated(chain, posted, title=title, agent=step["agent"])
            if story == "stripped":
                signed = strip_manifest(signed)
        elif story == "history":
            parts = [
                (part_title, sign_capture(chain, files[part], title=part_title))
                for part, part_title in step["parts"]
            ]
            if {"c2pa.cropped", "c2pa.resized"} & set(step["actions"]):
                posted = _apply(posted, step["actions"])
            signed = sign_edit(chain, posted, title=title, parts=parts, actions=step["actions"])
        elif story == "altered":
            part, part_title = step["parts"][0]
            signed = transplant_manifest(sign_capture(chain, files[part], title=part_title), posted)
        else:
            raise ValueError(f"unknown story {story!r} for {key}")
        (out / title).write_bytes(signed)
        index[key] = {"file": title, "story": story, "supports_verdict": SUPPORTS[story]}
    (out / "index.json").write_text(
        json.dumps(
            {"format": "dll-credentials", "version": 1, "trust_anchor": "test-root.pem", "cases": index},
            indent=1,
        )
        + "\n"
    )
    return index


def load_inputs(plan: dict = PLAN) -> tuple[dict, dict]:
    cases = {case["key"]: case for case in json.loads(CASES.read_text())["cases"]}
    examples = {item["key"]: item for item in json.loads((STARTER / "manifest.json").read_text())["examples"]}
    needed = {cases[key]["post"]["image"] for key in plan}
    needed |= {part for step in plan.values() for part, _title in step.get("parts", [])}
    files = {pack_key: (STARTER / examples[pack_key]["file"]).read_bytes() for pack_key in needed}
    return cases, files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    cases, files = load_inputs()
    index = build(args.out, cases=cases, files=files)
    print(f"signed {len(index)} case pictures into {args.out}")


if __name__ == "__main__":
    main()
