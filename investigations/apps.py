from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    name = "investigations"
    verbose_name = "Investigations"

    def ready(self):
        # The investigate question kind registers itself with the quizzes' registry.
        from investigations import graded, kind, lesson  # noqa: F401
        from literacy import widgets, withheld
        from quizzes import form_blocks

        # The graded pre-test and post-test each get one case of every verdict.
        form_blocks.register(graded.form_block)
        # Their pictures leave the library, practice pools and lessons, where labels would answer them.
        withheld.register(graded.withheld_pictures)
        # Lesson 9's lateral-reading widget is a live practice case.
        widgets.register("lateral-reading", lesson.lateral_reading)
