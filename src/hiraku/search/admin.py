"""Staff see the searches that found nothing, most frequent first: the data residents miss."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from hiraku.search.models import ZeroResultQuery


def _is_staff(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff)


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(admin.ModelAdmin):
    list_display = ["text", "count", "first_seen", "last_seen"]
    ordering = ["-count", "-last_seen"]
    search_fields = ["text"]
    date_hierarchy = "last_seen"
    readonly_fields = ["text", "count", "first_seen", "last_seen"]

    # Every staff member may read the log (it holds no personal data); nobody edits it.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_staff(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
