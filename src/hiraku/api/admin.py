from django.contrib import admin, messages
from django.utils.translation import gettext as _

from hiraku.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff manage their own tokens; platform admins see everyone's."""

    list_display = ["name", "user", "prefix", "created", "last_used", "expires"]
    fields = ["user", "name", "expires", "prefix", "created", "last_used"]
    readonly_fields = ["prefix", "created", "last_used"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "user" in form.base_fields:
            form.base_fields["user"].queryset = form.base_fields["user"].queryset.filter(
                pk=request.user.pk)
        return form

    def save_model(self, request, obj: ApiToken, form, change: bool) -> None:
        if change:
            return super().save_model(request, obj, form, change)
        secret = obj.new_secret()
        super().save_model(request, obj, form, change)
        messages.warning(request, _("Copy this token now; it will not be shown again: %(token)s")
                         % {"token": secret})
        return None
