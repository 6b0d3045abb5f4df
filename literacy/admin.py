from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join

from literacy import media, services, storage
from literacy.models import Example, GlossaryTerm, Label, Lesson, LessonProgress, label_technique_problem
from literacy.packs import validate_tells


class ExampleAdminForm(forms.ModelForm):
    upload = forms.FileField(
        required=False,
        help_text="PNG, JPEG or WebP. Checked by content; metadata is read once and stripped from what learners see.",
    )

    class Meta:
        model = Example
        fields = (
            "key", "title", "media_kind", "label", "technique", "family", "difficulty", "use", "status",
            "item_set", "explanation", "caption", "true_context", "generator", "camera", "source", "author",
            "licence", "licence_url", "attribution", "made", "derived_from", "tells",
        )  # fmt: skip

    def clean_tells(self):
        tells = self.cleaned_data.get("tells") or []
        problems = validate_tells(tells)
        if problems:
            raise forms.ValidationError(problems)
        return tells

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if not self.instance.pk:
                raise forms.ValidationError("Choose the image file for this example.")
            return None
        data = upload.read()
        try:
            media.inspect_image(data, name=upload.name)
        except media.MediaError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.upload_data = data
        return upload

    def clean(self):
        data = super().clean()
        label, technique = data.get("label"), data.get("technique")
        if label and technique:
            problem = label_technique_problem(label, technique)
            if problem:
                self.add_error("label", problem)
        if label == Label.SYNTHETIC and not data.get("tells"):
            self.add_error("tells", "A synthetic example needs at least one tell.")
        return data


@admin.register(Example)
class ExampleAdmin(admin.ModelAdmin):
    form = ExampleAdminForm
    list_display = ("preview", "title", "label", "technique", "family", "difficulty", "use", "status")
    list_filter = ("status", "use", "label", "technique", "family", "difficulty")
    search_fields = ("title", "key", "public_id", "source", "author", "generator")
    readonly_fields = ("public_id", "large_preview", "metadata_table")
    actions = ("publish", "unpublish")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    @admin.display(description="Image")
    def preview(self, obj):
        image = media.rendition_set(obj, "library")
        if not image:
            return "—"
        return format_html('<img src="{}" width="64" alt="">', image["src"])

    @admin.display(description="Preview")
    def large_preview(self, obj):
        image = media.rendition_set(obj, "library") if obj.pk else None
        if not image:
            return "—"
        return format_html('<img src="{}" width="320" alt="">', image["src"])

    @admin.display(description="Original metadata")
    def metadata_table(self, obj):
        if not obj.original_metadata:
            return "—"
        return format_html_join(
            "", "<div><strong>{}</strong>: {}</div>", ((k, v) for k, v in obj.original_metadata.items())
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The media store failing mid-upload: the admin's transaction has
        # rolled back and the service deleted what it wrote; say so plainly.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except storage.MediaStoreError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = getattr(form, "upload_data", None)
        if data is not None:
            services.example_create_from_upload(example=obj, data=data, name=form.cleaned_data["upload"].name)
        else:
            obj.save()

    @admin.action(description="Publish the selected examples")
    def publish(self, request, queryset):
        updated = queryset.update(status=Example.Status.PUBLISHED)
        self.message_user(request, f"Published {updated} example(s).", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)")
    def unpublish(self, request, queryset):
        updated = queryset.update(status=Example.Status.DRAFT)
        self.message_user(request, f"{updated} example(s) are drafts now.", messages.SUCCESS)


admin.site.register(Lesson)
admin.site.register(GlossaryTerm)
admin.site.register(LessonProgress)
