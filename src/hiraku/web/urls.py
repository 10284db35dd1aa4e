from django.urls import path

from hiraku.web.views import datasets, downloads, home, organizations

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("dataset/", datasets.dataset_list, name="dataset_list"),
    path("dataset/<str:name>/", datasets.dataset_detail, name="dataset"),
    path(
        "dataset/<str:name>/resource/<uuid:resource_id>/", datasets.resource_detail, name="resource"
    ),
    path(
        "dataset/<str:name>/resource/<uuid:resource_id>/download/<path:filename>",
        downloads.resource_download,
        name="resource_download",
    ),
    path("organization/", organizations.organization_list, name="organization_list"),
    path("organization/<str:name>/", organizations.organization_detail, name="organization"),
    path("group/<str:name>/", organizations.theme_detail, name="theme"),
]
