from django.urls import path

from hiraku.datastore import views

app_name = "datastore"

urlpatterns = [
    path("staff/loads/<uuid:job_id>/", views.load_status, name="load_status"),
]
