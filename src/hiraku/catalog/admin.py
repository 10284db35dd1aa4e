"""The staff interface (Django admin, Japanese by default), limited by organization role."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from hiraku.catalog import permissions, services
from hiraku.catalog.forms import DatasetForm, ResourceForm
from hiraku.catalog.models import Dataset, License, Membership, Organization, Resource, Theme
from hiraku.errors import HirakuError


def _report(request: HttpRequest, error: HirakuError) -> None:
    messages.error(request, f"{error.message_ja} / {error.message_en}")


class RoleLimitedAdmin(admin.ModelAdmin):
    """Permissions come from organization roles, not from Django's per-model permission table."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.organizations_user_can_edit(request.user).exists()

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return permissions.organizations_user_can_edit(request.user).exists()


class ResourceInline(admin.TabularInline):
    model = Resource
    fields = ["position", "name", "format", "filename", "size", "modified"]
    readonly_fields = ["name", "format", "filename", "size", "modified"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or permissions.can_edit_dataset(request.user, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)


@admin.register(Dataset)
class DatasetAdmin(RoleLimitedAdmin):
    form = DatasetForm
    list_display = ["title", "organization", "private", "state", "modified"]
    list_filter = ["organization", "private", "state", "themes", "license"]
    search_fields = ["title", "title_en", "name", "notes"]
    prepopulated_fields: dict = {}
    filter_horizontal = ["themes"]
    inlines = [ResourceInline]
    readonly_fields = ["id", "created", "modified"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organization",
                    "title",
                    "title_en",
                    "name",
                    "notes",
                    "notes_en",
                    "tag_string",
                    "themes",
                    "license",
                    "private",
                ]
            },
        ),
        (
            "連絡先 / Contact",
            {
                "fields": [
                    "author",
                    "author_email",
                    "maintainer",
                    "maintainer_email",
                    "url",
                    "version",
                ]
            },
        ),
        (
            "範囲 / Coverage",
            {
                "fields": [
                    "update_frequency",
                    "spatial",
                    "temporal_start",
                    "temporal_end",
                    "conforms_to",
                ]
            },
        ),
        ("記録 / Record", {"fields": ["id", "created", "modified"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Dataset]:
        return permissions.editable_datasets(request.user).select_related("organization")

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return permissions.organizations_user_can_edit(request.user).exists()
        return permissions.can_edit_dataset(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = permissions.organizations_user_can_edit(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj: Dataset, form: DatasetForm, change: bool) -> None:
        services.save_dataset(
            request.user,
            obj,
            tags=form.tag_names(),
            themes=list(form.cleaned_data.get("themes", [])),
        )

    def save_related(self, request, form, formsets, change) -> None:
        # Tags and themes were saved by the service with the dataset.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj: Dataset) -> None:
        services.delete_dataset(request.user, obj)

    def delete_queryset(self, request, queryset) -> None:
        for dataset in queryset:
            services.delete_dataset(request.user, dataset)


@admin.register(Resource)
class ResourceAdmin(RoleLimitedAdmin):
    form = ResourceForm
    list_display = ["name", "dataset", "format", "size", "modified"]
    list_filter = ["format"]
    search_fields = ["name", "dataset__title"]
    readonly_fields = ["id", "filename", "size", "sha256", "mimetype", "created", "modified"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class RequestBoundForm(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, request=request, **kw)

        return RequestBoundForm

    def get_queryset(self, request: HttpRequest) -> QuerySet[Resource]:
        return Resource.objects.filter(
            dataset__in=permissions.editable_datasets(request.user)
        ).select_related("dataset")

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return permissions.organizations_user_can_edit(request.user).exists()
        return permissions.can_edit_dataset(request.user, obj.dataset)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "dataset":
            kwargs["queryset"] = permissions.editable_datasets(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj: Resource, form: ResourceForm, change: bool) -> None:
        upload = form.cleaned_data.get("upload")
        fields = {
            k: form.cleaned_data[k]
            for k in (
                "name",
                "name_en",
                "description",
                "description_en",
                "url",
                "format",
                "position",
            )
        }
        try:
            if change:
                services.update_resource(request.user, obj, upload=upload, **fields)
            else:
                saved = services.add_resource(request.user, obj.dataset, upload=upload, **fields)
                obj.pk = saved.pk
                obj.refresh_from_db()
        except HirakuError as error:
            _report(request, error)
            raise

    def delete_model(self, request, obj: Resource) -> None:
        services.delete_resource(request.user, obj)

    def delete_queryset(self, request, queryset) -> None:
        for resource in queryset:
            services.delete_resource(request.user, resource)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["title", "name", "parent", "modified"]
    search_fields = ["title", "title_en", "name"]
    inlines = [MembershipInline]
    readonly_fields = ["id", "created", "modified"]

    def _managed(self, request) -> QuerySet[Organization]:
        if permissions.is_platform_admin(request.user):
            return Organization.objects.all()
        return Organization.objects.filter(
            memberships__user_id=request.user.pk, memberships__role=Membership.Role.ADMIN
        )

    def get_queryset(self, request):
        return self._managed(request)

    def has_module_permission(self, request) -> bool:
        return self._managed(request).exists()

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return self._managed(request).exists()
        return permissions.can_manage_organization(request.user, obj)

    def has_add_permission(self, request) -> bool:
        return permissions.is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return permissions.is_platform_admin(request.user)

    def save_model(self, request, obj, form, change) -> None:
        fields = {f: getattr(obj, f) for f in services.ORG_FIELDS}
        if change:
            services.update_organization(request.user, obj, **fields)
        else:
            saved = services.create_organization(request.user, **fields)
            obj.pk = saved.pk

    def delete_model(self, request, obj) -> None:
        services.delete_organization(request.user, obj)

    def save_formset(self, request, form, formset, change) -> None:
        # Memberships go through the services too, so permission checks and audit hold.
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.remove_membership(request.user, membership)
        for membership in memberships:
            services.set_membership(request.user, form.instance, membership.user, membership.role)


@admin.register(License)
class LicenseAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "url", "is_open"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "title_en", "name", "position"]
