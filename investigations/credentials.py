"""Read a picture's Content Credentials (its C2PA manifest) with c2pa-python and say what they claim.

Plain Python, no Django. The only trust anchor is the course's TEST root made by
contentgen/credentials.py, so "trusted" here means "signed under the test authority made for this
course", never "vouched for by a real authority". A file with no credentials proves nothing.
"""

import io
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import c2pa

ROOT = Path(__file__).resolve().parent.parent
CREDENTIALS = ROOT / "content" / "cases" / "credentials"
# Pillow's format names, and MP3 for the cases' voice messages (c2pa-rs reads manifests in MP3 too).
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "MP3": "audio/mpeg"}

# IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/) in plain words.
SOURCE_TYPES = {
    "trainedAlgorithmicMedia": "made by a generative AI model",
    "compositeWithTrainedAlgorithmicMedia": "a composite that includes AI-generated parts",
    "algorithmicMedia": "made by an algorithm (not a trained model)",
    "digitalCapture": "captured by a digital camera",
    "computationalCapture": "captured by a camera with computational processing",
    "compositeCapture": "a composite of several camera captures",
    "composite": "a composite of several pictures",
    "digitalCreation": "drawn or made by a person with software",
    "minorHumanEdits": "a capture with minor human edits",
    "screenCapture": "a screenshot",
}
# C2PA action names (C2PA technical specification, "Actions") in plain words.
ACTIONS = {
    "c2pa.created": "created",
    "c2pa.opened": "opened an existing picture",
    "c2pa.placed": "placed another picture into it",
    "c2pa.edited": "edited",
    "c2pa.cropped": "cropped",
    "c2pa.resized": "resized",
    "c2pa.color_adjustments": "adjusted colour or light",
    "c2pa.filtered": "applied a filter",
    "c2pa.drawing": "drew on it",
    "c2pa.removed": "removed something",
    "c2pa.orientation": "rotated or flipped",
    "c2pa.converted": "converted to another format",
    "c2pa.transcoded": "re-encoded",
    "c2pa.published": "published",
}
RELATIONSHIPS = {"parentOf": "the picture it was made from", "componentOf": "a part placed into it"}
# Validation failure codes (C2PA specification, "Validation") in plain words.
PROBLEMS = {
    "assertion.dataHash.mismatch": "The picture does not match what was signed: it was changed after "
    "signing, or the credentials were copied from another file.",
    "assertion.hashedURI.mismatch": "Part of the manifest was changed after it was signed.",
    "assertion.boxesHash.mismatch": "The picture does not match what was signed: it was changed after signing.",
    "claimSignature.mismatch": "The signature does not match the claim: the credentials were tampered with.",
    "signingCredential.untrusted": "The signer is not on the trust list used here. This course trusts only "
    "its own test authority; a real checker uses the official C2PA trust list.",
    "signingCredential.expired": "The signing certificate had expired.",
    "signingCredential.revoked": "The signing certificate was revoked.",
    "signingCredential.invalid": "The signing certificate is not fit for signing credentials.",
}


@dataclass(frozen=True)
class Ingredient:
    title: str
    relationship: str
    signer: str
    history: list[str]


@dataclass(frozen=True)
class Report:
    state: str  # none | trusted | valid | invalid | unreadable | remote | unsupported
    title: str = ""
    signer: str = ""
    organisation: str = ""
    test_authority: bool = False
    made_with: str = ""
    history: list[str] = field(default_factory=list)
    ingredients: list[Ingredient] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.state in ("trusted", "valid", "invalid")

    @property
    def passed(self) -> bool:
        return self.state in ("trusted", "valid")


@lru_cache(maxsize=1)
def _trust_anchor() -> str:
    path = CREDENTIALS / "test-root.pem"
    return path.read_text() if path.exists() else ""


# Reading never goes online: an uploaded file may name a remote manifest URL (c2pa-rs fetches it by
# default), which would let anyone point the server at any address; OCSP would do the same.
OFFLINE = {
    "verify": {"verify_trust": True, "remote_manifest_fetch": False, "ocsp_fetch": False},
    "core": {"allowed_network_hosts": []},
}


def _context(anchor: str) -> c2pa.Context:
    settings = {**OFFLINE}
    if anchor:
        settings["trust"] = {"trust_anchors": anchor}
    return c2pa.Context.from_dict(settings)


def _history(manifest: dict) -> list[str]:
    steps = []
    for assertion in manifest.get("assertions", []):
        if not assertion.get("label", "").startswith("c2pa.actions"):
            continue
        for action in assertion.get("data", {}).get("actions", []):
            words = ACTIONS.get(action.get("action", ""), action.get("action", "an unnamed step"))
            source = action.get("digitalSourceType", "").rsplit("/", 1)[-1]
            if source:
                words += f": {SOURCE_TYPES.get(source, source)}"
            agent = action.get("softwareAgent")
            name = agent.get("name") if isinstance(agent, dict) else agent
            if name:
                words += f" (with {name})"
            steps.append(words)
    return steps


def _signer(manifest: dict) -> tuple[str, str]:
    info = manifest.get("signature_info", {})
    return info.get("common_name", "unknown signer"), info.get("issuer", "")


def _problems(store: dict) -> list[str]:
    failures = store.get("validation_results", {}).get("activeManifest", {}).get("failure", [])
    seen, problems = set(), []
    for failure in failures:
        code = failure.get("code", "")
        text = PROBLEMS.get(code, f"{code}: {failure.get('explanation', '')}")
        if text not in seen:
            seen.add(text)
            problems.append(text)
    return problems


def report_from_store(store: dict, state: str) -> Report:
    manifests = store.get("manifests", {})
    active = manifests.get(store.get("active_manifest"), {})
    signer, organisation = _signer(active)
    success = store.get("validation_results", {}).get("activeManifest", {}).get("success", [])
    ingredients = []
    for ingredient in active.get("ingredients", []):
        own = manifests.get(ingredient.get("active_manifest"), {})
        ingredients.append(
            Ingredient(
                title=ingredient.get("title", "untitled"),
                relationship=RELATIONSHIPS.get(ingredient.get("relationship", ""), "an ingredient"),
                signer=_signer(own)[0] if own else "",
                history=_history(own),
            )
        )
    made_with = ", ".join(item.get("name", "") for item in active.get("claim_generator_info", []))
    return Report(
        state=state,
        title=active.get("title", ""),
        signer=signer,
        organisation=organisation,
        # Our only trust anchor is the course's test root: a trusted signer is the test authority.
        test_authority=any(item.get("code") == "signingCredential.trusted" for item in success),
        made_with=made_with,
        history=_history(active),
        ingredients=ingredients,
        problems=_problems(store),
    )


def read(data: bytes, image_format: str, *, trust_anchor: str | None = None) -> Report:
    """What the file's Content Credentials say. image_format is Pillow's (JPEG, PNG, WEBP) or MP3;
    trust_anchor is a PEM root to trust instead of the course's (tests build their own)."""
    mime = MIME_TYPES.get(image_format)
    if mime is None:
        return Report(state="unsupported")
    anchor = _trust_anchor() if trust_anchor is None else trust_anchor
    try:
        reader = c2pa.Reader.try_create(mime, io.BytesIO(data), None, _context(anchor))
    except c2pa.C2paError as error:
        # The native library spells a remote manifest's error "Remote: ..." (not the typed subclass).
        if isinstance(error, c2pa.C2paError.RemoteManifest) or str(error).startswith("Remote"):
            return Report(state="remote")
        return Report(state="unreadable")
    if reader is None:
        return Report(state="none")
    with reader:
        store = json.loads(reader.json())
    state = {"Trusted": "trusted", "Valid": "valid"}.get(store.get("validation_state", ""), "invalid")
    return report_from_store(store, state)
