from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hiraku.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from hiraku.search import index

        index.connect_listeners()
        post_migrate.connect(_fill_empty_index, sender=self, dispatch_uid="hiraku.search.fill")


def _fill_empty_index(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    # An installation that had datasets before search existed gets its index on `migrate`.
    if using == DEFAULT_DB_ALIAS:
        from hiraku.search import index

        index.fill_if_empty()
