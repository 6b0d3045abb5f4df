from literacy.models import Example
from literacy.tests.factories import make_example
from quizzes.models import Question, Quiz

_n = iter(range(10**9))


def make_quiz(**fields) -> Quiz:
    n = next(_n)
    defaults = {"key": f"quiz-{n}", "title": f"Quiz {n}", "kind": Quiz.Kind.PRACTICE, "shuffle": False}
    defaults.update(fields)
    return Quiz.objects.create(**defaults)


def make_pool_quiz(size=4, *, kinds=("real_or_synthetic",), use=Example.Use.STUDY, **fields) -> Quiz:
    for i in range(size):
        make_example(label="synthetic" if i % 2 else "real", use=use, family="pool")
    return make_quiz(pool_size=size, pool_kinds=list(kinds), pool_filters={"families": ["pool"]}, **fields)


def make_fixed_quiz(**fields) -> Quiz:
    """One question of each kind, in a fixed order."""
    quiz = make_quiz(**fields)
    real = make_example(family="pair", size=(48, 32))
    fake = make_example(label="synthetic", family="pair", size=(48, 32))
    spliced = make_example(
        label="synthetic", technique="splice", family="scenes",
        tells=[{"shape": "rect", "x": 0.5, "y": 0.5, "w": 0.5, "h": 0.5, "note": "pasted cup"}],
    )  # fmt: skip
    Question.objects.create(quiz=quiz, position=0, kind="real_or_synthetic", example=fake)
    Question.objects.create(quiz=quiz, position=1, kind="which_is_real", example=real, example_b=fake)
    Question.objects.create(quiz=quiz, position=2, kind="spot", example=spliced)
    Question.objects.create(
        quiz=quiz, position=3, kind="multiple_choice", prompt="Which are generative models?",
        choices=[{"text": "GAN", "correct": True}, {"text": "VAE", "correct": True}, {"text": "A camera", "correct": False}],
        explanation="GANs and VAEs generate; a camera records.",
    )  # fmt: skip
    return quiz
