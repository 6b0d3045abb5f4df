"""Can a label be learned without judging the picture? Per family: a
cross-validated classifier on file sizes, dimensions and crude image
statistics against the majority baseline, the size edge in which-is-real
pairs, and the lineage of the banks. Exits non-zero on a leak."""

from django.core.management import BaseCommand, CommandError

from literacy import audit
from literacy.models import Example, Rendition


class Command(BaseCommand):
    help = "Audit the loaded examples for label shortcuts (size, statistics, shared sources)."

    def add_arguments(self, parser):
        parser.add_argument("--family", action="append", help="Only these families (repeatable).")
        parser.add_argument("--current-only", action="store_true", help="Leave out early-model examples.")

    def handle(self, *args, family, current_only, **options):
        examples = (
            Example.objects.published()
            .select_related("derived_from")
            .prefetch_related("renditions")
            .order_by("family", "key")
        )
        if family:
            examples = examples.filter(family__in=family)
        if current_only:
            examples = examples.filter(era=Example.Era.CURRENT)
        examples = [
            e for e in examples if any(r.purpose == Rendition.Purpose.QUIZ for r in e.renditions.all())
        ]
        if not examples:
            raise CommandError("No examples to audit: import a pack first.")
        report = audit.audit([audit.item_from_example(e) for e in examples])
        for line in audit.report_lines(report):
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("The audit found a way to the label without judging the picture.")
        self.stdout.write(self.style.SUCCESS("No shortcut found."))
