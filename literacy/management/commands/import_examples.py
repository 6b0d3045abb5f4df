"""Import a content pack (folder or zip): validate everything first, import
nothing if anything is wrong, update in place on re-import."""

import sys

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from literacy import services, storage
from literacy.packs import PackError, read_pack


class Command(BaseCommand):
    help = "Import examples from a content pack (docs/content-packs.md)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A pack folder or .zip with manifest.json or manifest.csv")
        parser.add_argument("--check", action="store_true", help="Validate only; import nothing.")
        parser.add_argument(
            "--exclude-noncommercial",
            action="store_true",
            default=settings.EXCLUDE_NONCOMMERCIAL,
            help="Leave out examples with a non-commercial link in their lineage (and withdraw any "
            "imported before). Default: the DLL_EXCLUDE_NONCOMMERCIAL setting.",
        )

    def _progress(self, label):
        interactive = sys.stdout.isatty()

        def show(done, total):
            if total < 20:
                return
            if interactive or done == total or done % 50 == 0:
                width = 30
                filled = int(width * done / total)
                end = "\n" if done == total else ("\r" if interactive else "\n")
                self.stdout.write(
                    f"  {label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=end
                )
                self.stdout.flush()

        return show

    def handle(self, *args, path, check, exclude_noncommercial, **options):
        try:
            pack = read_pack(path, progress=self._progress("checking"))
        except PackError as exc:
            for problem in exc.problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(f"The pack has {len(exc.problems)} problem(s); nothing was imported.") from exc
        if check:
            self.stdout.write(self.style.SUCCESS(f"The pack is valid: {len(pack.entries)} examples."))
            return
        if exclude_noncommercial:
            withdrawn = services.examples_withdraw_noncommercial(pack=pack)
            self.stdout.write(
                f"Leaving out {withdrawn} example(s) with a non-commercial lineage (--exclude-noncommercial)."
            )
        try:
            report = services.examples_import_pack(pack=pack, progress=self._progress("importing"))
        except storage.MediaStoreError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(pack.entries)} examples from {pack.name}: "
                f"{report.created} new, {report.updated} updated."
            )
        )
