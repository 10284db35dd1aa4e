from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Hiraku 管理"
admin.site.site_title = "Hiraku"
admin.site.index_title = "サイト管理 / Administration"

from hiraku.api.v1.api import api

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
