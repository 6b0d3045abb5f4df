"""The ready-made practice quiz of investigation cases (idempotent, by key).

Runs after seed_quizzes (load_starter_content): the graded forms take their
cases first, and the practice quiz uses only the others."""

from django.core.management import BaseCommand
from django.db import transaction

from investigations import graded
from quizzes.models import Question, Quiz


class Command(BaseCommand):
    help = "Create or update the practice quiz of investigation cases."

    @transaction.atomic
    def handle(self, *args, **options):
        taken = graded.graded_case_keys()
        cases = graded.practice_cases(taken)[: graded.PRACTICE_SIZE]
        quiz, _ = Quiz.objects.update_or_create(
            key=graded.PRACTICE_QUIZ_KEY,
            defaults={
                "title": "Check before you share",
                "description": "Posts as you would meet them: an account, a caption and a picture or a voice message. "
                "Open the tools a "
                "fact-checker uses (reverse image search, the account's history, fact-checks, Content Credentials) "
                "before you decide, pin the evidence that backs your verdict, and say what you would do.",
                "kind": Quiz.Kind.PRACTICE,
                "feedback": Quiz.Feedback.EACH,
                "shuffle": True,
                "pool_size": 0,
                "pool_filters": {},
                "pool_kinds": [],
            },
        )
        # Update in place: attempts already taken keep pointing at their questions.
        for position, case in enumerate(cases):
            Question.objects.update_or_create(quiz=quiz, position=position, defaults=graded.question(case))
        quiz.questions.filter(position__gte=len(cases)).delete()
        self.stdout.write(self.style.SUCCESS(f"Practice cases: {len(cases)} in '{quiz.title}'."))
