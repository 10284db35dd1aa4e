from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatastoreConfig(AppConfig):
    name = "hiraku.datastore"
    verbose_name = _("Datastore")

    def ready(self) -> None:
        from hiraku.catalog.signals import dataset_changed
        from hiraku.datastore.visibility import on_dataset_changed

        dataset_changed.connect(on_dataset_changed, dispatch_uid="datastore-visibility")
