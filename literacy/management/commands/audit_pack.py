"""Can a label be learned without judging the picture? Per family: a
cross-validated classifier on file sizes, dimensions and crude image
statistics against the majority baseline, the size edge in which-is-real
pairs, and the lineage of the banks. Recordings get the same question per
voice question kind (literacy.audit_voices: byte size, duration, RMS,
spectral centroid, silence ratio). Exits non-zero on a leak into what is
graded: a family with assessment examples, or the lineage of the banks.
Study-only families are measured and printed too, marked as not graded."""

from django.core.management import BaseCommand, CommandError

from literacy import audit, audit_voices
from literacy.models import Example, Rendition


class Command(BaseCommand):
    help = "Audit the loaded examples for label shortcuts (size, statistics, shared sources)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--voices-in",
            metavar="PACK",
            help="Audit the recordings of a pack folder instead (nothing imported).",
        )
        parser.add_argument("--family", action="append", help="Only these families (repeatable).")
        parser.add_argument("--current-only", action="store_true", help="Leave out early-model examples.")

    def handle(self, *args, family, current_only, voices_in=None, **options):
        if voices_in:
            results = audit_voices.audit_pack_folder(voices_in)
            for line in audit_voices.report_lines(results):
                self.stdout.write(line)
            if any(r.leaks for r in results):
                raise CommandError("The audit found a way to the label without listening to the recording.")
            self.stdout.write(self.style.SUCCESS("No shortcut found."))
            return
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
        pictures = [e for e in examples if e.media_kind == Example.MediaKind.IMAGE]
        recordings = [e for e in examples if e.media_kind == Example.MediaKind.AUDIO]
        leaks, easy = [], []
        if pictures:
            report = audit.audit([audit.item_from_example(e) for e in pictures])
            for line in audit.report_lines(report):
                self.stdout.write(line)
            if not report.ok:
                leaks.append("judging the picture")
            easy = [f.family for f in report.families if f.over_limit and not f.graded]
        if recordings:
            results = audit_voices.audit([audit_voices.clip_from_example(e) for e in recordings])
            for line in audit_voices.report_lines(results):
                self.stdout.write(line)
            if any(r.leaks for r in results):
                leaks.append("listening to the recording")
        if leaks:
            raise CommandError(f"The audit found a way to the label without {' or '.join(leaks)}.")
        if easy:
            self.stdout.write(
                self.style.SUCCESS(
                    "No shortcut found in what is graded. Over the limit in study-only families "
                    f"(never graded, so not a failure): {', '.join(easy)}."
                )
            )
            return
        self.stdout.write(self.style.SUCCESS("No shortcut found."))
