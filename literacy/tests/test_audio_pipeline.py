"""Recordings in the media pipeline: validated by what they are, decoded in
full, re-encoded without tags under random names, with a spectrogram; a pack
brings them in with their transcript and their tells as spans of time; the
library page plays them with the transcript beside the player."""

import io
import math
import subprocess
import wave

import pytest
from django.test import override_settings

from literacy import audio
from literacy.media import MediaError
from literacy.models import Example, Rendition
from literacy.packs import PackError, read_pack
from literacy.services import examples_import_pack
from literacy.tests.factories import entry, write_pack


def wav_bytes(seconds: float = 1.0, *, rate: int = 22050, pause_at: float | None = None) -> bytes:
    """A tone with an optional 200 ms pause: a stand-in for speech."""
    frames = bytearray()
    for n in range(int(seconds * rate)):
        t = n / rate
        silent = pause_at is not None and pause_at <= t < pause_at + 0.2
        value = (
            0
            if silent
            else int(8000 * math.sin(2 * math.pi * 220 * t) * (1 + 0.5 * math.sin(2 * math.pi * 3 * t)))
        )
        frames += value.to_bytes(2, "little", signed=True)
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(bytes(frames))
    return out.getvalue()


def mp3_with_tags(**tags) -> bytes:
    args = [audio.ffmpeg(), "-v", "error", "-f", "wav", "-i", "pipe:0"]
    for key, value in tags.items():
        args += ["-metadata", f"{key}={value}"]
    args += ["-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3", "pipe:1"]
    return subprocess.run(args, input=wav_bytes(1.2), capture_output=True, check=True).stdout


def audio_entry(key: str, **overrides) -> dict:
    fields = entry(key, file=f"media/{key}.mp3", title="Voice recording", technique="recording", family="voices",
                   transcript="a test tone")  # fmt: skip
    fields.update(overrides)
    return fields


def test_a_recording_is_recognised_by_its_bytes_and_decoded_once():
    recording = audio.inspect_audio(wav_bytes(1.5), name="tone.mp3")
    assert recording.format == "WAV"
    assert abs(recording.duration - 1.5) < 0.02
    assert len(recording.pcm) == pytest.approx(2 * audio.RATE * 1.5, rel=0.02)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"This is a text file, not a recording at all.", "checked by its content"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "checked by its content"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 400, "could not be decoded"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20, "could not be decoded"),
    ],
)
def test_files_that_are_not_playable_recordings_are_refused_with_a_reason(data, message):
    with pytest.raises(MediaError, match=message):
        audio.inspect_audio(data, name="clip.mp3")


@override_settings(MEDIA_MAX_AUDIO_SECONDS=1)
def test_a_recording_longer_than_the_limit_is_refused():
    with pytest.raises(MediaError, match="longer than 1 seconds"):
        audio.inspect_audio(wav_bytes(2.5), name="long.wav")


def test_tags_are_read_for_the_forensic_view_and_never_reach_the_rendition():
    data = mp3_with_tags(title="Secret meeting", artist="Somebody Real")
    recording = audio.inspect_audio(data, name="tagged.mp3")
    assert recording.metadata["tags"]["title"] == "Secret meeting"
    served = audio.encode_mp3(recording.pcm)
    assert b"Secret" not in served and b"Somebody" not in served and not served.startswith(b"ID3")
    assert audio.sniff(served) == "MP3"


def test_the_rendition_bitrate_is_constant_so_size_follows_duration():
    short = audio.encode_mp3(audio.inspect_audio(wav_bytes(1.0), name="a").pcm)
    long = audio.encode_mp3(audio.inspect_audio(wav_bytes(2.0), name="b").pcm)
    assert long and short
    assert abs(len(long) / len(short) - 2.0) < 0.1


@pytest.mark.django_db
def test_a_pack_brings_recordings_with_transcripts_spans_and_a_spectrogram(tmp_path):
    spans = [{"shape": "span", "start": 0.4, "end": 0.7, "note": "a word was cut here"}]
    pack_dir = write_pack(
        tmp_path / "pack",
        [
            audio_entry("voice-real"),
            audio_entry(
                "voice-cut",
                label="synthetic",
                technique="cut",
                generator="a test cut",
                tells=spans,
                derived_from="voice-real",
                transcript="a tone",
            ),
        ],
        files={"media/voice-real.mp3": wav_bytes(1.2), "media/voice-cut.mp3": mp3_with_tags(title="x")},
    )
    examples_import_pack(pack=read_pack(pack_dir))
    cut = Example.objects.get(key="voice-cut")
    assert cut.media_kind == Example.MediaKind.AUDIO and cut.transcript == "a tone"
    assert cut.tells == spans and cut.original_metadata["duration_s"] == pytest.approx(1.2, abs=0.1)
    purposes = sorted(cut.renditions.values_list("purpose", flat=True))
    assert purposes == ["library", "quiz", "spectrum"]
    sounds = [r for r in cut.renditions.all() if r.is_audio]
    assert len({r.token for r in sounds}) == 2 and all(r.file.name.endswith(".mp3") for r in sounds)


@pytest.mark.django_db
def test_spans_that_run_past_the_recording_or_sit_on_a_picture_are_refused(tmp_path):
    late = [{"shape": "span", "start": 0.5, "end": 9.0, "note": "too late"}]
    pack_dir = write_pack(
        tmp_path / "pack",
        [
            audio_entry("voice-late", label="synthetic", technique="tts", generator="test", tells=late),
            entry(
                "picture-span",
                label="synthetic",
                tells=[{"shape": "span", "start": 0, "end": 1, "note": "x"}],
            ),
            audio_entry(
                "voice-rect",
                label="synthetic",
                technique="tts",
                generator="test",
                tells=[{"shape": "rect", "x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2, "note": "x"}],
            ),
        ],
        files={"media/voice-late.mp3": wav_bytes(1.0), "media/voice-rect.mp3": wav_bytes(1.0)},
    )
    with pytest.raises(PackError) as caught:
        read_pack(pack_dir)
    text = "\n".join(caught.value.problems)
    assert "ends after the recording" in text
    assert "a span of time fits a recording, not a picture" in text
    assert "a recording's tells are spans of time" in text


@pytest.mark.django_db
def test_the_library_page_plays_the_recording_with_its_transcript_and_timed_tells(client, tmp_path):
    spans = [{"shape": "span", "start": 0.4, "end": 0.7, "note": "a word was cut here"}]
    pack_dir = write_pack(
        tmp_path / "pack",
        [audio_entry("voice-cut", label="synthetic", technique="cut", generator="a test cut", tells=spans)],
        files={"media/voice-cut.mp3": wav_bytes(1.2)},
    )
    examples_import_pack(pack=read_pack(pack_dir))
    example = Example.objects.get(key="voice-cut")
    sound = example.renditions.get(purpose=Rendition.Purpose.LIBRARY)
    page = client.get(example.get_absolute_url() + "?tells=1")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<audio controls preload="metadata" src="{sound.url}"' in html
    assert "a test tone" in html and "a word was cut here" in html
    assert f'href="{sound.url}#t=0.40,0.70"' in html and 'data-play-from="0.40"' in html
    assert "<rect" in html and "Spectrogram of the recording" in html
    served = client.get(sound.url)
    assert served.status_code == 200 and served["Content-Type"] == "audio/mpeg"
    assert audio.sniff(served.content) == "MP3" and served["Accept-Ranges"] == "bytes"
    part = client.get(sound.url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and len(part.content) == 100
    assert part["Content-Range"] == f"bytes 100-199/{len(served.content)}"
    assert client.get(sound.url, headers={"Range": "bytes=999999-"}).status_code == 416
    library = client.get("/library/")
    spectrum = example.renditions.get(purpose=Rendition.Purpose.SPECTROGRAM)
    assert spectrum.url in library.content.decode() and sound.url not in library.content.decode()


@pytest.mark.django_db
def test_a_quiz_rendition_of_a_recording_is_not_served_by_its_token(client, tmp_path):
    pack_dir = write_pack(
        tmp_path / "pack", [audio_entry("voice-real")], files={"media/voice-real.mp3": wav_bytes(1.0)}
    )
    examples_import_pack(pack=read_pack(pack_dir))
    quiz = Rendition.objects.get(purpose=Rendition.Purpose.QUIZ)
    assert client.get(quiz.url).status_code == 404


@pytest.mark.django_db
def test_a_lesson_places_a_recording_with_its_player_and_transcript(rf, tmp_path):
    from literacy import widgets

    pack_dir = write_pack(
        tmp_path / "pack", [audio_entry("voice-real")], files={"media/voice-real.mp3": wav_bytes(1.0)}
    )
    examples_import_pack(pack=read_pack(pack_dir))
    sound = Rendition.objects.get(purpose=Rendition.Purpose.LIBRARY)
    html = widgets._examples_block("keys=voice-real", rf.get("/"))
    assert f'<audio controls preload="none" src="{sound.url}"' in html and "“a test tone”" in html
    assert sound.url not in html.split("<audio")[0]  # the picture is the spectrogram, never the sound
