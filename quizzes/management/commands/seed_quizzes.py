"""Create the ready-made quizzes (idempotent, matched by key): a warm-up, one
per lesson topic, practice on realistic photos and face swaps, a mixed
challenge, a which-face-is-real quiz when a real-faces pack is loaded, and
the pre-test and post-test as two fixed forms built from matched cells.

Practice questions are pools (filters, not fixed examples), so they work with
whatever pack is loaded; knowledge questions come from the lessons."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand
from django.db import transaction

from literacy.families import FACES, REAL_FACES, VOICES
from literacy.families import PHOTOS as PHOTO_FAMILIES
from literacy.models import Example, Lesson
from quizzes import form_blocks
from quizzes.kinds.spot import SPOTTABLE
from quizzes.kinds.voice_where_edited import EDIT_TECHNIQUES, spans
from quizzes.models import Question, Quiz

ROS, WIR, SPOT, MC = "real_or_synthetic", "which_is_real", "spot", "multiple_choice"
VOICE_ROS, VOICE_WIR, VOICE_EDIT = "voice_real_or_synth", "voice_which_is_real", "voice_where_edited"
PHOTOS = list(PHOTO_FAMILIES)
# Each form: a real-or-synthetic block with as many real as synthetic images,
# which-is-real pairs, spot-the-change on face swaps, and questions on
# checking where media came from (docs/quizzes.md).
SPOT_PER_FORM = 10
CHECKING_BANK = "assessment/checking.json"


def checking_questions() -> dict[str, list[dict]]:
    """The forms' knowledge questions (content/assessment/checking.json): one
    per cell and form, the pre and post question of a cell testing the same
    move in different situations."""
    path = Path(settings.CONTENT_DIR) / CHECKING_BANK
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {
        form: [
            {"kind": MC, "example": None, "example_b": None, "prompt": c[form]["prompt"],
             "choices": c[form]["choices"], "explanation": c[form]["explanation"]}
            for c in cells
        ]
        for form in ("pre", "post")
    }  # fmt: skip


# Lesson number -> the example pool that goes with its topic.
TOPIC_POOLS = {
    3: {"pool_size": 6, "pool_filters": {"techniques": ["gan", "photograph"], "families": ["digits", "gravel-texture", "faces-64"]}, "pool_kinds": [ROS, WIR]},
    4: {"pool_size": 6, "pool_filters": {"techniques": ["face_swap"], "families": [FACES]}, "pool_kinds": [SPOT]},
    5: {"pool_size": 6, "pool_filters": {"techniques": ["diffusion", "photograph"], "families": ["digits"]}, "pool_kinds": [ROS, WIR]},
    9: {"pool_size": 6, "pool_filters": {"families": PHOTOS}, "pool_kinds": [SPOT, ROS, WIR]},
}  # fmt: skip

FIXED = [
    {
        "key": "warm-up",
        "title": "Warm-up: which photo is real?",
        "description": "Six realistic photos and edits to get your eye in, starting with a pair: one is a camera original, one was changed. You'll see the answer, and what gives each edit away, straight after each one.",
        "kind": Quiz.Kind.PRACTICE,
        "shuffle": False,
        "pool_size": 6,
        "pool_filters": {"families": PHOTOS},
        "pool_kinds": [WIR, ROS, SPOT],
    },
    {
        "key": "spot-the-swap",
        "title": "Spot the swap",
        "description": "Faces of people who do not exist, made by a StyleGAN2-class generator; in each, another generated face was swapped in. Click where the swap shows.",
        "kind": Quiz.Kind.PRACTICE,
        "pool_size": 5,
        "pool_filters": {"families": [FACES], "techniques": ["face_swap"]},
        "pool_kinds": [SPOT],
    },
    {
        "key": "which-face-is-real",
        "title": "Which face is real?",
        "description": "A real photograph of a person and a face made by a generator, cropped and finished the same way. Pick the real one.",
        "kind": Quiz.Kind.PRACTICE,
        "pool_size": 8,
        "pool_filters": {"families": [REAL_FACES]},
        "pool_kinds": [WIR, ROS],
    },
    {
        "key": "mixed-challenge",
        "title": "Mixed challenge",
        "description": "Twelve harder questions of every kind on realistic photos and faces: real or edited, which one is real, and where a picture was changed. Answers at the end.",
        "kind": Quiz.Kind.PRACTICE,
        "feedback": Quiz.Feedback.END,
        "pool_size": 12,
        "pool_filters": {"families": [*PHOTOS, FACES]},
        "pool_kinds": [ROS, WIR, SPOT, ROS],
    },
    {
        "key": "early-generators",
        "title": "Early generators: digits, textures and tiny faces",
        "description": "Images from the small models of lessons 3 to 5 (a GAN, a VAE and a diffusion model trained on a laptop-sized machine). Far easier than today's fakes: history, not a test of skill.",
        "kind": Quiz.Kind.PRACTICE,
        "pool_size": 6,
        "pool_filters": {"families": ["digits", "faces-64", "gravel-texture"]},
        "pool_kinds": [ROS, WIR],
    },
    {
        "key": "voices-real-or-synthetic",
        "title": "Real voice or synthetic?",
        "description": "Six short recordings, each with its transcript: is this a real person or a synthesiser, which of two readings of one sentence is the real person, and where was a word cut out. Headphones help. You'll hear the answer straight after each one.",
        "kind": Quiz.Kind.PRACTICE,
        "pool_size": 6,
        "pool_filters": {"families": [VOICES]},
        "pool_kinds": [VOICE_ROS, VOICE_WIR, VOICE_EDIT],
    },
]  # fmt: skip


class Command(BaseCommand):
    help = "Create or update the ready-made quizzes."

    @transaction.atomic
    def handle(self, *args, **options):
        made = []
        for spec in FIXED:
            made.append(self._quiz(**spec))
        pre = self._quiz(
            key="pre-test",
            title="Skills check: form A",
            description="Graded questions that measure how well you tell real from edited or generated media and how you check a post before sharing it: real or edited photos, which of two is real, where a face was swapped, real or synthetic voices where the voice pack is loaded, and posts to investigate with a fact-checker's tools. Form A and form B have the same kinds of question in the same numbers; take one before the lessons and the other after them. Answers are shown at the end.",
            kind=Quiz.Kind.PRETEST,
            feedback=Quiz.Feedback.END,
            attempts_allowed=1,
            pool_size=0,
            pool_filters={},
            pool_kinds=[],
        )
        post = self._quiz(
            key="post-test",
            title="Skills check: form B",
            description="The same kinds of question as form A in the same numbers, with as many real as fake items, difficulty spread the same way and the same mix of verdicts in its posts to investigate, but different pictures, recordings and posts. Take one form before the lessons and the other after them to see what you learned.",
            kind=Quiz.Kind.POSTTEST,
            feedback=Quiz.Feedback.END,
            attempts_allowed=1,
            pool_size=0,
            pool_filters={},
            pool_kinds=[],
        )  # fmt: skip
        forms = form_blocks.extend(matched_forms())
        self._set_questions(pre, forms["pre"])
        self._set_questions(post, forms["post"])
        pre.pair = post
        pre.save(update_fields=["pair"])
        made += [pre, post]
        for lesson in Lesson.objects.in_course():
            made.append(self._topic_quiz(lesson))
        self.stdout.write(self.style.SUCCESS(f"{len(made)} ready-made quizzes are in place."))

    def _set_questions(self, quiz: Quiz, questions: list[dict]) -> None:
        # Update in place: attempts already taken keep pointing at their questions.
        for position, question in enumerate(questions):
            Question.objects.update_or_create(
                quiz=quiz, position=position, defaults={"setup": {}, **question}
            )
        quiz.questions.filter(position__gte=len(questions)).delete()

    def _quiz(self, *, key, **fields) -> Quiz:
        quiz, _ = Quiz.objects.update_or_create(key=key, defaults=fields)
        return quiz

    def _topic_quiz(self, lesson: Lesson) -> Quiz:
        pool = TOPIC_POOLS.get(lesson.number, {"pool_size": 0, "pool_filters": {}, "pool_kinds": []})
        quiz = self._quiz(
            key=f"topic-{lesson.number:02d}",
            title=f"Topic {lesson.number}: {lesson.title}",
            description=f"Questions on lesson {lesson.number}"
            + (", with images to judge." if pool["pool_size"] else "."),
            kind=Quiz.Kind.PRACTICE,
            lesson=lesson,
            **pool,
        )
        # Update in place: attempts already taken keep pointing at their questions.
        for i, check in enumerate(lesson.checks):
            Question.objects.update_or_create(
                quiz=quiz,
                position=i,
                defaults={
                    "kind": "multiple_choice",
                    "prompt": check["prompt"],
                    "choices": [
                        {"text": c["text"], "correct": bool(c.get("correct"))} for c in check["choices"]
                    ],
                    "explanation": check["explanation"],
                },
            )
        quiz.questions.filter(position__gte=len(lesson.checks)).delete()
        return quiz


def _spread(examples: list, count: int) -> list:
    """`count` examples spread evenly over a list sorted by difficulty."""
    if count >= len(examples):
        return list(examples)
    return [examples[round(i * (len(examples) - 1) / max(1, count - 1))] for i in range(count)]


def _by_source(examples: list) -> tuple[list, list, list]:
    """Split a set's photos into which-is-real pairs (a camera original and an
    edit from the same source photo: two views of one scene never sit in two
    questions of a form) and single real and single edited photos."""
    groups: dict[str, list] = {}
    for e in examples:
        groups.setdefault(e.source_group or f"#{e.pk}", []).append(e)
    pairs, real, fake = [], [], []
    for members in groups.values():
        reals = [e for e in members if e.label == "real"]
        fakes = [e for e in members if e.label == "synthetic"]
        if reals and fakes:
            pairs.append((reals[0], fakes[0]))
        elif reals:
            real.append(reals[0])
        elif fakes:
            fake.append(fakes[0])
    key = lambda e: (e.difficulty, e.key)  # noqa: E731
    pairs.sort(key=lambda p: (key(p[1]), key(p[0])))
    return pairs, sorted(real, key=key), sorted(fake, key=key)


# Where-was-it-edited questions per form; the starter pack's pre and post
# banks each hold four recorded sentences, two of them with edits.
VOICE_EDITS_PER_FORM = 1


def _hardest_reading(readings: list):
    """The synthetic reading a form uses: the hardest engine setting (the same
    one on both forms, as the settings are the same in every sentence)."""
    return min(readings, key=lambda e: (-e.difficulty, e.generator, e.key))


def voice_forms(bank=None) -> dict[str, list[dict]]:
    """The matched voice block of the pre-test and post-test. One question per
    recorded sentence (`source_group`): a sentence heard twice in one form
    would let one question answer another (its real reading next to its
    edit). Edited sentences go to "where was it edited", the rest split into
    as many real as synthetic voices to call (so "always synthetic" scores
    half) and which-is-real pairs; every count is the smaller set's, so the
    forms have the same shape. `bank` is as for matched_forms."""
    if bank is None:
        bank = Example.objects.published().assessment().filter(family=VOICES)
    bank = sorted((e for e in bank if e.family == VOICES), key=lambda e: (e.difficulty, e.key))
    sets = {}
    for item_set in ("pre", "post"):
        groups: dict[str, list] = {}
        for e in bank:
            if e.item_set == item_set and e.source_group:
                groups.setdefault(e.source_group, []).append(e)
        usable = {}
        for name, members in sorted(groups.items()):
            person = next((e for e in members if e.technique == "recording" and e.label == "real"), None)
            readings = [e for e in members if e.technique == "tts" and e.label == "synthetic"]
            edits = [e for e in members if e.technique in EDIT_TECHNIQUES and spans(e)]
            if person is not None and readings:
                usable[name] = (person, _hardest_reading(readings), edits)
        sets[item_set] = usable
    n_edits = min(VOICE_EDITS_PER_FORM, *(sum(1 for *_pr, ed in s.values() if ed) for s in sets.values()))
    rest = min(len(s) for s in sets.values()) - n_edits
    n_calls = max(rest, 0) // 3  # of each label
    n_pairs = max(rest, 0) - 2 * n_calls
    forms = {}
    for item_set, usable in sets.items():
        blank = {"example_b": None, "prompt": "", "choices": []}
        edited = [name for name, (*_pr, edits) in usable.items() if edits][:n_edits]
        plain = [name for name in usable if name not in edited]
        questions = [
            {
                **blank,
                "kind": VOICE_EDIT,
                "example": sorted(usable[n][2], key=lambda e: (e.technique, e.key))[0],
            }
            for n in edited
        ]
        questions += [{**blank, "kind": VOICE_ROS, "example": usable[n][0]} for n in plain[:n_calls]]
        questions += [
            {**blank, "kind": VOICE_ROS, "example": usable[n][1]} for n in plain[n_calls : 2 * n_calls]
        ]
        questions += [
            {**blank, "kind": VOICE_WIR, "example": usable[n][0], "example_b": usable[n][1]}
            for n in plain[2 * n_calls : 2 * n_calls + n_pairs]
        ]
        forms[item_set] = questions
    return forms


def matched_forms(bank=None) -> dict[str, list[dict]]:
    """The pre-test and post-test as fixed forms of the same shape: the same
    number of real-or-synthetic photos of each label (so "always synthetic"
    or "always real" scores the same on both), the same number of
    which-is-real pairs, and the same number of face swaps to find, each
    block spread over difficulty the same way, and one knowledge question on
    checking a post per cell of content/assessment/checking.json. Built from
    the graded bank's two sets, whose sources are disjoint
    (docs/starter-pack.md); one source photo gives at most one question of a
    form. `bank` (the published graded photos and faces by default) may be
    any objects with an Example's fields, such as a pack's manifest entries."""
    voices = voice_forms(bank)
    if bank is None:
        bank = Example.objects.published().assessment().judgeable().filter(family__in=[*PHOTOS, FACES])
    bank = sorted(bank, key=lambda e: (e.difficulty, e.key))
    sets = {}
    for item_set in ("pre", "post"):
        mine = [e for e in bank if e.item_set == item_set]
        pairs, real, fake = _by_source([e for e in mine if e.family in PHOTOS])
        swaps = [e for e in mine if e.family == FACES and e.technique in SPOTTABLE and e.tells]
        sets[item_set] = (pairs, real, fake, swaps)
    n_pairs = min(len(p) for p, _r, _f, _s in sets.values())
    n_alone = min(min(len(r), len(f)) for _p, r, f, _s in sets.values())
    n_spots = min(SPOT_PER_FORM, *(len(s) for *_rest, s in sets.values()))
    checking = checking_questions()
    forms = {}
    for item_set, (pairs, real, fake, swaps) in sets.items():
        blank = {"example_b": None, "prompt": "", "choices": []}
        questions = [
            {**blank, "kind": ROS, "example": e} for e in _spread(real, n_alone) + _spread(fake, n_alone)
        ]
        questions += [
            {**blank, "kind": WIR, "example": r, "example_b": f} for r, f in _spread(pairs, n_pairs)
        ]
        questions += [{**blank, "kind": SPOT, "example": e} for e in _spread(swaps, n_spots)]
        forms[item_set] = questions + voices[item_set] + checking[item_set]
    return forms
