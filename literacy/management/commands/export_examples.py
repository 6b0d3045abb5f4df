"""Export examples as a content pack that `import_examples` reads back."""

import json
import shutil
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from literacy import media
from literacy.models import Example


def example_to_entry(example: Example, file_name: str) -> dict:
    entry = {
        "key": example.key,
        "file": file_name,
        "sha256": example.sha256,
        "title": example.title,
        "label": example.label,
        "technique": example.technique,
        "family": example.family,
        "difficulty": example.difficulty,
        "use": example.use,
        "status": example.status,
        "explanation": example.explanation,
        "source": example.source,
        "author": example.author,
        "licence": example.licence,
    }
    optional = {
        "caption": example.caption,
        "true_context": example.true_context,
        "generator": example.generator,
        "camera": example.camera,
        "licence_url": example.licence_url,
        "attribution": example.attribution,
        "derived_from": example.derived_from.key if example.derived_from else "",
        "tells": example.tells,
        "made": example.made,
        "set": example.item_set,
        "lineage": example.lineage,
        "noncommercial": example.noncommercial,
        "source_group": example.source_group,
        "era": example.era if example.era != Example.Era.CURRENT else "",
    }
    entry.update({k: v for k, v in optional.items() if v})
    return entry


class Command(BaseCommand):
    help = "Write the library (or part of it) as a content pack folder."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Folder to write (created; must be empty if it exists)")
        parser.add_argument("--family", action="append", help="Only these families (repeatable)")
        parser.add_argument("--published-only", action="store_true")

    def handle(self, *args, path, family, published_only, **options):
        target = Path(path)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty; choose a new folder.")
        (target / "media").mkdir(parents=True, exist_ok=True)
        examples = Example.objects.select_related("derived_from").order_by("key")
        if family:
            examples = examples.filter(family__in=family)
        if published_only:
            examples = examples.published()
        entries = []
        for example in examples:
            extension = media.ALLOWED_FORMATS.get(example.original_format, "png")
            file_name = f"media/{example.key}.{extension}"
            with example.original.open("rb") as src, open(target / file_name, "wb") as dst:
                shutil.copyfileobj(src, dst)
            entries.append(example_to_entry(example, file_name))
        manifest = {
            "format": "deepfake-literacy-lab/pack",
            "version": 1,
            "name": target.name,
            "examples": entries,
        }
        (target / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(self.style.SUCCESS(f"Exported {len(entries)} examples to {target}."))
