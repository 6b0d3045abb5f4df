"""Load the course from content/lessons/ (docs/lesson-format.md): validate
every file first, load nothing if anything is wrong, update in place by slug."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from literacy import services_lessons
from literacy.lessons import LessonFileError, read_course


class Command(BaseCommand):
    help = "Load the lessons and glossary from Markdown files (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(settings.CONTENT_DIR / "lessons"))

    def handle(self, *args, path, **options):
        folder = Path(path)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        try:
            lessons, glossary = read_course(folder)
        except LessonFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(f"{len(exc.problems)} problem(s) in {folder}; nothing was loaded.") from exc
        report = services_lessons.lessons_load(lessons=lessons, glossary=glossary)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(lessons)} lessons ({report['created']} new, {report['updated']} updated) "
                f"and {len(glossary)} glossary terms."
            )
        )
