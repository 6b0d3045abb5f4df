"""Media through Django's storage API only: a store that fails part-way leaves
no row and no file behind, replaced files go only after the commit, media
responses come from whichever store holds the file, and the S3 settings come
from the environment. No object store is needed: a folder storage that fails
on demand stands in for one that went down (bench/tests/test_cluster.py runs
the real one)."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import make_user
from literacy import services, storage
from literacy.models import Example, Rendition
from literacy.packs import read_pack
from literacy.tests.factories import entry, image_bytes, make_example, write_pack

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


class FlakyStorage(FileSystemStorage):
    """A folder that goes down after `writes_left` more writes, as an object
    store restarted mid-upload does (botocore's connection error)."""

    writes_left = 0
    reads_fail = False

    def _save(self, name, content):
        if FlakyStorage.writes_left <= 0:
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1:8333")
        FlakyStorage.writes_left -= 1
        return super()._save(name, content)

    def _open(self, name, mode="rb"):
        if FlakyStorage.reads_fail:
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1:8333")
        return super()._open(name, mode)


@pytest.fixture
def flaky(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "literacy.tests.test_media_storage.FlakyStorage",
            "OPTIONS": {"location": str(tmp_path / "store")},
        },
    }
    FlakyStorage.writes_left = 1000
    FlakyStorage.reads_fail = False
    yield tmp_path / "store"
    FlakyStorage.writes_left = 0
    FlakyStorage.reads_fail = False


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def referenced_files() -> list[str]:
    return sorted(
        [
            *Rendition.objects.values_list("file", flat=True),
            *Example.objects.values_list("original", flat=True),
        ]
    )


def test_an_upload_writes_every_file_through_the_configured_storage(flaky):
    example = make_example()
    assert stored_files(flaky) == referenced_files()
    # The original plus three library, two quiz and one error level rendition.
    assert len(stored_files(flaky)) == 7
    assert example.original.name.startswith("originals/")


@pytest.mark.parametrize("writes_before_failure", [0, 1, 4])
def test_a_store_that_fails_mid_upload_leaves_no_row_and_no_file(flaky, writes_before_failure):
    FlakyStorage.writes_left = writes_before_failure
    with pytest.raises(storage.MediaStoreError, match="media store did not answer"):
        make_example(key="half-made")
    assert not Example.objects.filter(key="half-made").exists()
    assert Rendition.objects.count() == 0
    assert stored_files(flaky) == []


def test_a_pack_import_that_meets_a_failing_store_imports_nothing_and_keeps_no_file(flaky, tmp_path):
    pack = read_pack(write_pack(tmp_path / "pack", [entry(f"pack-{n}") for n in range(3)]))
    # The first example's seven files go in, the second's fail part-way.
    FlakyStorage.writes_left = 9
    with pytest.raises(storage.MediaStoreError):
        services.examples_import_pack(pack=pack)
    assert Example.objects.count() == 0
    assert stored_files(flaky) == []


def test_the_import_command_reports_a_failing_store_in_words(flaky, tmp_path):
    folder = write_pack(tmp_path / "pack", [entry("cmd-one")])
    FlakyStorage.writes_left = 2
    with pytest.raises(CommandError, match="media store did not answer, so nothing was saved"):
        call_command("import_examples", str(folder), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not Example.objects.exists()


def test_replacing_an_image_deletes_the_old_files_only_after_the_commit(
    flaky, django_capture_on_commit_callbacks
):
    example = make_example(key="replace-me")
    before = set(stored_files(flaky))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.example_create_from_upload(example=example, data=image_bytes(seed=99), name="new.png")
    # Not yet committed: the old files are all still there.
    assert before <= set(stored_files(flaky))
    for callback in callbacks:
        callback()
    assert stored_files(flaky) == referenced_files()
    assert not before & set(stored_files(flaky))


def test_a_replacement_that_fails_keeps_the_old_image_whole(flaky):
    example = make_example(key="keep-me")
    before = stored_files(flaky)
    FlakyStorage.writes_left = 3
    with pytest.raises(storage.MediaStoreError):
        services.example_create_from_upload(example=example, data=image_bytes(seed=5), name="new.png")
    assert stored_files(flaky) == before == referenced_files()


def test_the_admin_says_the_store_failed_and_keeps_nothing(client, flaky):
    editor = make_user("editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    FlakyStorage.writes_left = 2
    upload = SimpleUploadedFile("x.png", image_bytes(), content_type="image/png")
    data = {
        "key": "admin-down",
        "title": "Uploaded",
        "media_kind": "image",
        "label": "real",
        "technique": "photograph",
        "family": "tests",
        "difficulty": "3",
        "use": "study",
        "status": "draft",
        "item_set": "",
        "explanation": "x",
        "source": "s",
        "author": "a",
        "licence": "CC0-1.0",
        "tells": json.dumps([]),
        "made": "{}",
        "upload": upload,
    }
    response = client.post(reverse("admin:literacy_example_add"), data, follow=True)
    assert response.status_code == 200
    assert "The media store did not answer, so nothing was saved" in response.content.decode()
    assert not Example.objects.filter(key="admin-down").exists()
    assert stored_files(flaky) == []


def test_library_media_is_streamed_from_the_store_and_names_no_file(client, flaky):
    rendition = make_example().renditions.get(purpose="library", width=100)
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "Content-Disposition" not in response
    assert b"".join(response.streaming_content).startswith(b"RIFF")


def test_a_store_that_does_not_answer_gives_a_503_not_a_500(client, flaky):
    rendition = make_example().renditions.get(purpose="library", width=100)
    FlakyStorage.reads_fail = True
    response = client.get(rendition.url)
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"


def test_a_missing_file_is_a_404(client, flaky):
    rendition = make_example().renditions.get(purpose="library", width=100)
    default_storage.delete(rendition.file.name)
    assert client.get(rendition.url).status_code == 404


def test_prune_media_deletes_only_old_files_that_no_row_points_at(flaky):
    make_example()
    (flaky / "r").mkdir(parents=True, exist_ok=True)
    old = flaky / "r" / "left-behind.webp"
    old.write_bytes(b"x")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    young = flaky / "originals" / "import-in-progress.png"
    young.write_bytes(b"x")
    found = services.media_prune_orphans(older_than=timedelta(minutes=60))
    assert found == ["r/left-behind.webp"]
    assert not old.exists() and young.exists()
    assert set(referenced_files()) <= set(stored_files(flaky))


STORAGE_PROBE = """
from django.core.files.storage import storages
s = storages["default"]
c = getattr(s, "client_config", None)
print(type(s).__name__, getattr(s, "bucket_name", "-"), getattr(s, "endpoint_url", "-"),
      getattr(s, "region_name", "-"), getattr(s, "querystring_expire", "-"),
      c.connect_timeout if c else "-", c.s3["addressing_style"] if c else "-")
"""


def probe_storage(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DLL_S3_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **extra)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", STORAGE_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_media_stays_on_the_local_disk_unless_a_bucket_is_configured():
    assert probe_storage()[0] == "FileSystemStorage"


def test_a_bucket_is_configured_from_the_environment():
    found = probe_storage(
        DLL_S3_BUCKET="lab-media",
        DLL_S3_ENDPOINT_URL="http://127.0.0.1:8333",
        DLL_S3_REGION="eu-west-1",
        DLL_S3_ACCESS_KEY_ID="key",
        DLL_S3_SECRET_ACCESS_KEY="secret",
    )
    assert found == ["S3Storage", "lab-media", "http://127.0.0.1:8333", "eu-west-1", "300", "3", "path"]


def test_quiz_media_is_private_and_names_no_file(client, flaky):
    from quizzes.tests.factories import make_pool_quiz

    quiz = make_pool_quiz(size=2)
    start = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    page = client.get(start["Location"]).content.decode()
    src = re.search(r'src="(/quizzes/attempt/[^"]+/media/[^"]+\.webp)"', page).group(1)
    response = client.get(src)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=86400"
    assert "Content-Disposition" not in response
