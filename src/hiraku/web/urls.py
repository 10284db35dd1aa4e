from django.urls import path

from hiraku.web.views import (
    datasets,
    downloads,
    home,
    organizations,
    resource_chart,
    resource_map,
    resources,
)

app_name = "web"

RESOURCE = "dataset/<str:name>/resource/<uuid:resource_id>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("dataset/", datasets.dataset_list, name="dataset_list"),
    path("dataset/<str:name>/", datasets.dataset_detail, name="dataset"),
    path(RESOURCE, resources.resource_detail, name="resource"),
    path(f"{RESOURCE}map/", resource_map.resource_map, name="resource_map"),
    path(f"{RESOURCE}chart/", resource_chart.resource_chart, name="resource_chart"),
    path(
        f"{RESOURCE}download/<path:filename>",
        downloads.resource_download,
        name="resource_download",
    ),
    path("organization/", organizations.organization_list, name="organization_list"),
    path("organization/<str:name>/", organizations.organization_detail, name="organization"),
    path("group/<str:name>/", organizations.theme_detail, name="theme"),
]
