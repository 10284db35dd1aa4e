from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from hiraku.api.v1.api import api

admin.site.site_header = _("Hiraku administration")
admin.site.site_title = "Hiraku"
admin.site.index_title = _("Site administration")


urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("hiraku.api.ckan.urls")),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("", include("hiraku.datastore.urls")),
        path("", include("hiraku.web.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "hiraku.web.views.errors.not_found"
handler500 = "hiraku.web.views.errors.server_error"
