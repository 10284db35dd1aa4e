from django.urls import path, re_path

from hiraku.api.ckan.views import action_view

urlpatterns = [
    path("api/action/<str:name>", action_view),
    re_path(r"^api/(?:3/)?action/(?P<name>[\w.-]+)/?$", action_view),
]
