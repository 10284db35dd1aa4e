"""Staff views of the datastore: load progress and report, the data dictionary, reloads."""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from hiraku.catalog import permissions
from hiraku.catalog.admin import ResourceAdmin
from hiraku.catalog.models import Resource
from hiraku.datastore import services
from hiraku.datastore.models import ColumnInfo, LoadJob
from hiraku.errors import HirakuError


class ColumnInfoInline(admin.TabularInline):
    model = ColumnInfo
    fields = ["source_name", "type", "type_override", "label", "label_en", "unit",
              "description"]
    readonly_fields = ["source_name", "type"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("data dictionary")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or permissions.can_edit_dataset(request.user, obj.dataset)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)


@admin.action(description=_("Check against the standard dataset"))
def check_standard(modeladmin, request, queryset) -> None:
    from hiraku.standards.tasks import check_resource

    for resource in queryset:
        if permissions.can_edit_dataset(request.user, resource.dataset):
            check_resource.enqueue(str(resource.pk))
    messages.info(request, _("The check has been queued."))


@admin.action(description=_("Publish the fixed file as a new resource"))
def publish_fixed(modeladmin, request, queryset) -> None:
    from hiraku.standards.services import publish_fixed as publish

    for resource in queryset:
        try:
            added = publish(request.user, resource)
        except HirakuError as error:
            messages.error(request, f"{resource}: {error.message_ja} / {error.message_en}")
        else:
            messages.success(request, _gettext("Added: %(name)s") % {"name": added.name})


@admin.action(description=_("Load again into the datastore (applies type changes)"))
def reload_resources(modeladmin, request, queryset) -> None:
    for resource in queryset:
        try:
            services.schedule_load(request.user, resource)
        except HirakuError as error:
            messages.error(request, f"{resource}: {error.message_ja} / {error.message_en}")
    messages.info(request, _("Loading has been queued."))


class DatastoreResourceAdmin(ResourceAdmin):
    inlines = [ColumnInfoInline]
    actions = [reload_resources, check_standard, publish_fixed]

    class Media:
        js = ["vendor/htmx/htmx.min.js"]  # polls the load status while it runs

    def get_inlines(self, request, obj=None):
        return self.inlines if obj is not None else []  # a new resource has no columns yet

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "datastore_status"] if obj else fields

    @admin.display(description=_("datastore"))
    def datastore_status(self, obj: Resource) -> str:
        job = obj.loads.order_by("-created").first()
        status = render_to_string("datastore/status.html", {"job": job, "resource": obj})
        conformance = getattr(obj, "conformance", None)
        return status + render_to_string("standards/conformance.html",
                                         {"conformance": conformance})

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not ColumnInfo:
            return super().save_formset(request, form, formset, change)
        # Data dictionary edits go through the datastore services (permissions, audit).
        for entry in formset.save(commit=False):
            fields = {name: getattr(entry, name) for name in services.DICTIONARY_FIELDS}
            services.update_column(request.user, entry, **fields)
        return None


admin.site.unregister(Resource)
admin.site.register(Resource, DatastoreResourceAdmin)


@admin.register(LoadJob)
class LoadJobAdmin(admin.ModelAdmin):
    list_display = ["resource", "status", "row_count", "created", "finished"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in LoadJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
