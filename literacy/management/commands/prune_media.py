"""Delete media files no row points at: what an upload or import left behind
when the media store failed before the write could be undone."""

from datetime import timedelta

from django.core.management import BaseCommand

from literacy import services


class Command(BaseCommand):
    help = "Delete stored media files that no example or rendition points at (docs/deploying.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=60,
            help="Only files older than this (younger ones may belong to an import in progress). Default 60.",
        )
        parser.add_argument("--dry-run", action="store_true", help="List them; delete nothing.")

    def handle(self, *args, older_than_minutes, dry_run, **options):
        orphans = services.media_prune_orphans(
            older_than=timedelta(minutes=older_than_minutes), dry_run=dry_run
        )
        for name in orphans:
            self.stdout.write(f"  {name}")
        verb = "Found" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {len(orphans)} file(s) that no row points at.")
