"""The search index's anchor rows and the log of searches that found nothing.

The index itself is vendor-specific and created by the migration beside these tables: an FTS5
table ``search_fts`` whose rowid is ``SearchEntry.id`` on SQLite, a ``document`` tsvector
column with a GIN index on ``search_searchentry`` on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hiraku.catalog.models import Dataset


class SearchEntry(models.Model):
    """One indexed dataset. Deleting the dataset deletes its entry and, with it, its index row."""

    id = models.BigAutoField(primary_key=True)
    dataset = models.OneToOneField(
        Dataset, on_delete=models.CASCADE, related_name="search_entry", verbose_name=_("dataset")
    )

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return str(self.dataset_id)


class ZeroResultQuery(models.Model):
    """A query that found nothing: the text alone, never who typed it or from where."""

    text = models.CharField(_("query"), max_length=256, unique=True)
    count = models.PositiveIntegerField(_("times searched"), default=1)
    first_seen = models.DateTimeField(_("first searched"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last searched"), auto_now_add=True)

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")

    def __str__(self) -> str:
        return self.text
