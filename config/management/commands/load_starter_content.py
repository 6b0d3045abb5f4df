"""Load everything a fresh install needs, idempotently: the starter example
pack, the lessons and glossary, and the ready-made quizzes."""

from django.conf import settings
from django.core.management import BaseCommand, call_command, get_commands


class Command(BaseCommand):
    help = "Load the starter example pack, lessons and ready-made quizzes (safe to run again)."

    def handle(self, *args, **options):
        commands = get_commands()
        pack = settings.CONTENT_DIR / "starter"
        steps = [
            (
                "import_examples",
                [str(pack)],
                (pack / "manifest.json").exists() or (pack / "manifest.csv").exists(),
            ),
            ("load_lessons", [], (settings.CONTENT_DIR / "lessons").is_dir()),
            ("seed_quizzes", [], True),
            ("seed_case_quizzes", [], True),
        ]
        for name, args, wanted in steps:
            if not wanted:
                self.stdout.write(f"Skipping {name}: no content for it in {settings.CONTENT_DIR}.")
            elif name not in commands:
                self.stdout.write(f"Skipping {name}: this version has no such command.")
            else:
                self.stdout.write(f"Running {name} ...")
                call_command(name, *args, stdout=self.stdout, stderr=self.stderr)
