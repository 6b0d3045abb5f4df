"""Create the ready-made quizzes (idempotent, matched by key): a warm-up, one
per lesson topic, a mixed challenge, and a matched pre-test / post-test pair.

Example questions are pools (filters, not fixed examples), so the quizzes work
with whatever pack is loaded; knowledge questions come from the lessons."""

from django.core.management import BaseCommand
from django.db import transaction

from literacy.models import Lesson
from quizzes.models import Question, Quiz

ROS, WIR, SPOT = "real_or_synthetic", "which_is_real", "spot"

# Lesson number -> the example pool that goes with its topic.
TOPIC_POOLS = {
    3: {"pool_size": 6, "pool_filters": {"techniques": ["gan", "photograph"], "families": ["digits", "gravel-texture", "faces-64"]}, "pool_kinds": [ROS, WIR]},
    4: {"pool_size": 6, "pool_filters": {"techniques": ["vae", "face_swap", "photograph"], "families": ["digits", "portraits"]}, "pool_kinds": [ROS, WIR, SPOT]},
    5: {"pool_size": 6, "pool_filters": {"techniques": ["diffusion", "photograph"], "families": ["digits"]}, "pool_kinds": [ROS, WIR]},
    9: {"pool_size": 6, "pool_filters": {"families": ["scenes", "objects", "portraits"]}, "pool_kinds": [SPOT, ROS]},
}  # fmt: skip

FIXED = [
    {
        "key": "warm-up",
        "title": "Warm-up: real or synthetic?",
        "description": "Six quick images to get your eye in. You'll see the answer, and what gives each fake away, straight after each one.",
        "kind": Quiz.Kind.PRACTICE,
        "pool_size": 6,
        "pool_filters": {"difficulty": [1, 3], "families": ["digits", "faces-64", "gravel-texture"]},
        "pool_kinds": [ROS],
    },
    {
        "key": "mixed-challenge",
        "title": "Mixed challenge",
        "description": "Twelve harder questions of every kind: real or synthetic, which one is real, and where a photo was changed. Answers at the end.",
        "kind": Quiz.Kind.PRACTICE,
        "feedback": Quiz.Feedback.END,
        "pool_size": 12,
        "pool_filters": {"difficulty": [2, 5]},
        "pool_kinds": [ROS, WIR, SPOT, ROS],
    },
]


class Command(BaseCommand):
    help = "Create or update the ready-made quizzes."

    @transaction.atomic
    def handle(self, *args, **options):
        made = []
        for spec in FIXED:
            made.append(self._quiz(**spec))
        pre = self._quiz(
            key="pre-test",
            title="Pre-test: before the course",
            description="Ten graded questions to measure where you start. Take it before the lessons; answers are shown at the end.",
            kind=Quiz.Kind.PRETEST,
            feedback=Quiz.Feedback.END,
            attempts_allowed=1,
            pool_size=10,
            pool_filters={"item_set": "pre"},
            pool_kinds=[ROS, ROS, WIR],
        )
        post = self._quiz(
            key="post-test",
            title="Post-test: after the course",
            description="Ten graded questions matched to the pre-test in kind and difficulty, but with different images. Take it after the lessons to see what you learned.",
            kind=Quiz.Kind.POSTTEST,
            feedback=Quiz.Feedback.END,
            attempts_allowed=1,
            pool_size=10,
            pool_filters={"item_set": "post"},
            pool_kinds=[ROS, ROS, WIR],
        )
        pre.pair = post
        pre.save(update_fields=["pair"])
        made += [pre, post]
        for lesson in Lesson.objects.in_course():
            made.append(self._topic_quiz(lesson))
        self.stdout.write(self.style.SUCCESS(f"{len(made)} ready-made quizzes are in place."))

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
