from django.apps import AppConfig


class ClassroomsConfig(AppConfig):
    name = "classrooms"

    def ready(self):
        # An attempt made for an assignment takes no answers past the due
        # date (unless late work is accepted): quizzes asks this gate.
        from classrooms.selectors import attempt_answer_gate
        from quizzes import gates

        gates.register(attempt_answer_gate)
