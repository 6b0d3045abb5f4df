from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Role", {"fields": ("display_name", "role", "must_change_password")}),
    )
    list_display = ("username", "display_name", "email", "role", "is_staff")
    list_filter = ("role", "is_staff", "is_active")
    search_fields = ("username", "display_name", "email")
