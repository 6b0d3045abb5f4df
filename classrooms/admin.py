from django.contrib import admin

from classrooms.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Assignments for site staff: dates, attempts and whether late work is accepted."""

    list_display = ("__str__", "classroom", "opens_at", "due_at", "late_accepted", "attempts_allowed")
    list_filter = ("late_accepted", "listening_optional")
    search_fields = ("classroom__name", "quiz__title", "lesson__title")
    fields = (
        "classroom", "quiz", "lesson", "opens_at", "due_at", "late_accepted", "attempts_allowed", "listening_optional",
    )  # fmt: skip
    raw_id_fields = ("classroom",)
