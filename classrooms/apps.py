from django.apps import AppConfig


class ClassroomsConfig(AppConfig):
    name = "classrooms"

    def ready(self):
        # An attempt made for an assignment takes no answers past the due
        # date (unless late work is accepted): quizzes asks this gate. On an
        # assignment where listening is optional, a question that needs
        # hearing may be skipped: quizzes asks this excusal.
        from classrooms.selectors import ANSWER_GATE_LOADS, attempt_answer_gate, listening_optional_excusal
        from quizzes import gates

        gates.register(attempt_answer_gate, loads=ANSWER_GATE_LOADS)
        gates.register_excusal(listening_optional_excusal)
