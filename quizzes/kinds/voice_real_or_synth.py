"""Real or synthetic voice: one recording with its transcript, the learner's
call and how sure they are (the same answer and confidence as for an image).

A pool draws a real recording or a synthetic one with equal chance, so
"always say synthetic" scores a coin's 50 %, and the pack audit's baseline
for this kind is 50 % (literacy/audit_voices.py)."""

from __future__ import annotations

from quizzes.kinds import Draw, Kind, register
from quizzes.kinds.real_or_synthetic import RealOrSyntheticForm

# Whole recordings, real or read by a synthesiser (cheapfake edits have their own kind).
VOICE_TECHNIQUES = ("recording", "tts")


@register
class VoiceRealOrSynthetic(Kind):
    value = "voice_real_or_synth"
    label = "Real or synthetic voice"
    order = 45
    prompt = "Is this voice a real person or synthetic?"
    judged = True
    media_kinds = ("audio",)
    needs_hearing = True

    def form(self, item, data=None):
        return RealOrSyntheticForm(data)

    def grade(self, item, response):
        return response["choice"] == item.example.label

    def answer_text(self, item):
        return item.response.get("choice", "")

    def right_answer_text(self, item):
        return item.example.label

    def some_answer(self, item, n=0):
        says_synthetic = n % 2 == 0
        return {"choice": "synthetic" if says_synthetic else "real"}, 70 if says_synthetic else 30

    def fake_judged(self, item):
        return item.example if item.example.label == "synthetic" else None

    def said_synthetic(self, item):
        response = item.response or {}
        return response["choice"] == "synthetic" if "choice" in response else None

    def draw(self, free, rng, *, pool=()):
        voices = [e for e in free if e.technique in VOICE_TECHNIQUES]
        wanted = "real" if rng.random() < 0.5 else "synthetic"
        example = next((e for e in voices if e.label == wanted), None) or next(iter(voices), None)
        return Draw(example=example) if example else None
