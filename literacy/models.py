"""The example library and the lessons.

Reads with a name are QuerySet methods; writes across models live in
services.py; the media pipeline in media.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from literacy import withheld
from shared.ids import new_public_id


class Label(models.TextChoices):
    REAL = "real", "Real"
    SYNTHETIC = "synthetic", "Synthetic"


class Technique(models.TextChoices):
    PHOTOGRAPH = "photograph", "Photograph"
    GAN = "gan", "GAN"
    VAE = "vae", "VAE"
    DIFFUSION = "diffusion", "Diffusion"
    FACE_SWAP = "face_swap", "Face swap"
    SPLICE = "splice", "Splice"
    OBJECT_REMOVAL = "object_removal", "Object removal"
    CLONE = "clone", "Clone (copy-move)"
    RETOUCH = "retouch", "Lighting or colour edit"
    OUT_OF_CONTEXT = "out_of_context", "Out-of-context caption"
    OTHER = "other", "Other"
    # Sound (the voices family).
    RECORDING = "recording", "Voice recording"
    TTS = "tts", "Text to speech"
    CUT = "cut", "Cut (words removed)"


# Techniques whose pixels (or samples) are untouched camera or microphone output.
REAL_TECHNIQUES = {Technique.PHOTOGRAPH, Technique.OUT_OF_CONTEXT, Technique.RECORDING}


def label_technique_problem(label: str, technique: str) -> str:
    """The one rule joining a label and a technique ("" when they agree): a
    photograph or an out-of-context photo is real; every other technique
    made or changed the pixels, so it is synthetic. The pack importer and the
    admin both ask it."""
    if technique in REAL_TECHNIQUES and label != Label.REAL:
        return f"technique {technique!r} needs label 'real'."
    if technique not in REAL_TECHNIQUES and label != Label.SYNTHETIC:
        return f"technique {technique!r} needs label 'synthetic'."
    return ""


class ExampleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Example.Status.PUBLISHED)

    def study(self):
        """Examples for learning with their labels: the study bank, less what an
        app above has put to graded use (literacy.withheld)."""
        study = self.filter(use=Example.Use.STUDY)
        held = withheld.keys()
        return study.exclude(key__in=held) if held else study

    def assessment(self):
        return self.filter(use=Example.Use.ASSESSMENT)

    def judgeable(self):
        """Examples whose pixels alone can answer "real or synthetic?"."""
        return self.exclude(technique=Technique.OUT_OF_CONTEXT)

    def showcase_edits(self, families):
        """Study edits of today's kind made from a published study camera
        original: the home page's first question pairs one with its original.
        Graded (assessment) examples never appear there."""
        return (
            self.published()
            .study()
            .filter(
                era=Example.Era.CURRENT,
                family__in=families,
                label=Label.SYNTHETIC,
                derived_from__status=Example.Status.PUBLISHED,
                derived_from__use=Example.Use.STUDY,
                derived_from__label=Label.REAL,
            )
            .exclude(technique=Technique.OUT_OF_CONTEXT)
        )

    def showcase_pair(self, families):
        """The easiest showcase edit and the camera original it was made
        from: (original, edit) or None."""
        edit = (
            self.showcase_edits(families).select_related("derived_from").order_by("difficulty", "key").first()
        )
        return (edit.derived_from, edit) if edit else None

    def showcase_pair_shown(self, families, *, tokens):
        """The showcase pair whose library renditions carry these two tokens,
        in the order given: (first, second) or None when the tokens are not
        one original and its edit. The home page's answer names the pair by
        the tokens already in its image URLs, so the form reveals nothing."""
        tokens = [t for t in tokens if t]
        if len(tokens) != 2 or tokens[0] == tokens[1]:
            return None
        found = {
            r.token: r.example
            for r in Rendition.objects.filter(
                token__in=tokens, purpose=Rendition.Purpose.LIBRARY
            ).select_related("example")
        }
        if len(found) != 2:
            return None
        first, second = found[tokens[0]], found[tokens[1]]
        pair = models.Q(pk=first.pk, derived_from=second) | models.Q(pk=second.pk, derived_from=first)
        return (first, second) if self.showcase_edits(families).filter(pair).exists() else None

    def visible_in_library_to(self, user, session=None):
        """Published examples this person may see with their labels.

        Everyone sees the study examples plus the assessment examples they
        have answered in a quiz themselves (recorded as ExampleView, or in the
        session when anonymous), so a graded item can never be looked up
        before it is answered. That holds for teachers too: anyone can sign up
        as one, so a teacher account is no key to the bank; teachers see a
        graded item, with its label, in the reports of their own students who
        answered it. Staff (editors, in the admin) see everything.
        """
        published = self.published()
        if user is not None and user.is_authenticated and user.is_staff:
            return published
        answered = models.Q(pk__in=[])
        if user is not None and user.is_authenticated:
            answered = models.Q(answered_by__user=user)
        elif session is not None and session.get("answered_examples"):
            ids = [int(i) for i in session.get("answered_examples", []) if str(i).isdigit()]
            answered = models.Q(pk__in=ids)
        held = withheld.keys()
        study = (
            models.Q(use=Example.Use.STUDY) & ~models.Q(key__in=held)
            if held
            else models.Q(use=Example.Use.STUDY)
        )
        return published.filter(study | answered).distinct()


class Example(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Use(models.TextChoices):
        STUDY = "study", "Study (public library)"
        ASSESSMENT = "assessment", "Assessment (graded item bank)"

    class MediaKind(models.TextChoices):
        IMAGE = "image", "Image"
        AUDIO = "audio", "Audio"
        VIDEO = "video", "Video"

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    key = models.SlugField(max_length=80, unique=True, help_text="Stable key from the content pack.")
    title = models.CharField(max_length=200)
    media_kind = models.CharField(max_length=10, choices=MediaKind.choices, default=MediaKind.IMAGE)
    label = models.CharField(max_length=10, choices=Label.choices)
    technique = models.CharField(max_length=20, choices=Technique.choices)
    family = models.SlugField(max_length=60, db_index=True)
    difficulty = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], default=3
    )
    use = models.CharField(max_length=12, choices=Use.choices, default=Use.STUDY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Extra grouping from the pack: "pre" or "post" for the matched tests.
    item_set = models.CharField(max_length=10, blank=True)

    explanation = models.TextField()
    # What a recording says (audio examples): always shown beside the player.
    transcript = models.TextField(blank=True)
    caption = models.TextField(blank=True)
    true_context = models.TextField(blank=True)

    generator = models.CharField(max_length=300, blank=True)
    camera = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=500)
    author = models.CharField(max_length=300)
    licence = models.CharField(max_length=60)
    licence_url = models.URLField(blank=True)
    attribution = models.TextField(blank=True)
    made = models.JSONField(default=dict, blank=True)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derivatives"
    )
    # Lineage: the chain behind the file (a model, its weights' licence, the
    # licence of the data it was trained on; or the photographer), in words.
    lineage = models.TextField(blank=True)
    # Some link of the lineage is for non-commercial use only (e.g. StyleGAN2
    # weights trained on FFHQ): a deployment can leave these out.
    noncommercial = models.BooleanField(default=False)
    # The source photo or generator seed behind the file: items of one group
    # never sit in two banks (study, pre-test, post-test).
    source_group = models.CharField(max_length=120, blank=True)

    class Era(models.TextChoices):
        EARLY = "early", "Early, small model"
        CURRENT = "current", "Current"

    era = models.CharField(max_length=10, choices=Era.choices, default=Era.CURRENT)
    # [{"shape": "rect", "x":, "y":, "w":, "h":, "note":} or {"shape": "polygon", "points": [[x, y], ...], "note":}]
    tells = models.JSONField(default=list, blank=True)

    # The private original (never under a URL) and what was read from it once.
    original = models.FileField(upload_to="originals/", max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    original_format = models.CharField(max_length=20, blank=True)
    original_metadata = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExampleQuerySet.as_manager()

    class Meta:
        ordering = ["family", "key"]
        indexes = [models.Index(fields=["status", "use", "family", "technique"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("literacy:example_detail", args=[self.public_id])

    @property
    def is_synthetic(self) -> bool:
        return self.label == Label.SYNTHETIC


class Rendition(models.Model):
    """A derivative made by the media pipeline: WebP, sRGB, no metadata, random name.

    Quiz renditions are separate files from library renditions, so a quiz image's
    URL never matches a URL shown next to a label.
    """

    class Purpose(models.TextChoices):
        LIBRARY = "library", "Library"
        QUIZ = "quiz", "Quiz"
        ELA = "ela", "Error level analysis"
        SPECTROGRAM = "spectrum", "Spectrogram"

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="renditions")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to="r/", max_length=300)
    bytes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["example", "purpose", "width"], name="literacy_rendition_unique_size"
            )
        ]
        ordering = ["example_id", "purpose", "width"]

    def __str__(self):
        return f"{self.purpose} {self.width}px of {self.example_id}"

    @property
    def is_audio(self) -> bool:
        return self.file.name.endswith(".mp3")

    @property
    def url(self) -> str:
        return reverse("literacy:media_audio" if self.is_audio else "literacy:media", args=[self.token])


# Lessons whose file was removed are parked at numbers from here on (their
# learners' progress is kept) and drop out of the course.
RETIRED_LESSON_NUMBER = 10000


class LessonQuerySet(models.QuerySet):
    def in_course(self):
        return self.filter(number__lt=RETIRED_LESSON_NUMBER).order_by("number")


def renditions_of(purpose: str, *relations: str) -> list[models.Prefetch]:
    """Prefetch one purpose's renditions of the examples behind each relation
    ("example", "example_b"), as media.rendition_set() reads them."""
    renditions = Rendition.objects.filter(purpose=purpose)
    return [models.Prefetch(f"{relation}__renditions", queryset=renditions) for relation in relations]


class Lesson(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    minutes = models.PositiveSmallIntegerField(default=15)
    objectives = models.JSONField(default=list)
    terms = models.JSONField(default=list, blank=True)
    interactive = models.JSONField(default=list, blank=True)
    examples = models.JSONField(default=list, blank=True)
    # [{"id", "prompt", "kind": "single"|"multiple", "choices": [{"text", "correct"}], "explanation"}]
    checks = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    # Sanitised HTML rendered from the Markdown source at load time.
    body_html = models.TextField()
    deeper_html = models.TextField(blank=True)
    teacher_notes_html = models.TextField(blank=True)
    source_path = models.CharField(max_length=300, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("literacy:lesson_detail", args=[self.slug])


class GlossaryTerm(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    term = models.CharField(max_length=120)
    definition = models.TextField()
    see_also = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term


class LessonProgress(models.Model):
    """A signed-in learner's progress in one lesson. Anonymous learners keep the
    same shape in their session until they sign up (see services)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    # {check_id: {"chosen": [indexes], "correct": bool, "answered_at": iso}}
    check_results = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="literacy_progress_unique")]

    def __str__(self):
        return f"{self.user} in {self.lesson}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class ExampleView(models.Model):
    """Records that a learner has answered an assessment example in a quiz, so it
    joins their library view. Written by quiz services when an answer is in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answered_examples"
    )
    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="answered_by")
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "example"], name="literacy_answered_unique")]

    def __str__(self):
        return f"{self.user} answered {self.example_id}"
