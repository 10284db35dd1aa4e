from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "hiraku.catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from hiraku.catalog import audit

        audit.register_models()
