"""What the catalog knows about the datastore: loads, current tables, data dictionaries.

These models live in the catalog ("default") database; the tables themselves live in the
datastore database.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hiraku.catalog.models import Resource

COLUMN_TYPES = [
    ("integer", _("integer")),
    ("number", _("number")),
    ("date", _("date")),
    ("time", _("time")),
    ("datetime", _("date and time")),
    ("boolean", _("yes/no")),
    ("text", _("text")),
]


def load_source_path(job: LoadJob, filename: str) -> str:
    return f"loads/{job.resource_id}/{job.id.hex}"


class LoadJob(models.Model):
    """One attempt to turn a file into the resource's table; the staff page follows it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("loading")
        DONE = "done", _("loaded")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="loads",
                                 verbose_name=_("resource"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    # A replacement file waits here until its load succeeds; then it becomes the resource's.
    pending_file = models.FileField(upload_to=load_source_path, blank=True, max_length=300)
    pending_filename = models.CharField(max_length=255, blank=True)
    sheet = models.CharField(_("sheet"), max_length=200, blank=True)
    stage = models.CharField(max_length=10, blank=True)  # "analyse", then "load"
    rows_read = models.BigIntegerField(default=0)
    row_count = models.BigIntegerField(null=True, blank=True)  # known after the first pass
    table_name = models.CharField(max_length=100, blank=True)
    report = models.JSONField(null=True, blank=True)
    error_code = models.CharField(max_length=50, blank=True)
    error_ja = models.TextField(blank=True)
    error_en = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("load")
        verbose_name_plural = _("loads")

    def __str__(self) -> str:
        return f"{self.resource_id} {self.status}"

    @property
    def percent(self) -> int | None:
        """Progress of a running load; None while the first pass still counts the rows."""
        if self.status == self.Status.DONE:
            return 100
        if self.stage != "load" or not self.row_count:
            return None
        return min(99, 50 + int(50 * self.rows_read / self.row_count))

    @property
    def error(self) -> str:
        return f"{self.error_ja} / {self.error_en}" if self.error_ja else ""


class ResourceTable(models.Model):
    """The table that currently serves a resource (its view in the datastore is the resource id)."""

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, primary_key=True,
                                    related_name="table")
    table_name = models.CharField(max_length=100)
    row_count = models.BigIntegerField()
    # [{"name": physical column, "label": header as in the file, "type": hiraku type}]
    columns = models.JSONField()
    load = models.ForeignKey(LoadJob, on_delete=models.SET_NULL, null=True, related_name="+")
    loaded = models.DateTimeField()
    # The public site's column profile (fill rate, min/max, top values, histograms), computed
    # on first view; it names the table it describes, so a new load makes it stale.
    profile = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("datastore table")
        verbose_name_plural = _("datastore tables")

    def __str__(self) -> str:
        return self.table_name


class ColumnInfo(models.Model):
    """The data dictionary: one entry per column of a resource, editable by staff."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="dictionary",
                                 verbose_name=_("resource"))
    source_name = models.CharField(_("column in the file"), max_length=500)
    position = models.PositiveIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=500, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    type = models.CharField(_("detected type"), max_length=10, choices=COLUMN_TYPES,
                            default="text")
    type_override = models.CharField(
        _("type to use"), max_length=10, choices=COLUMN_TYPES, blank=True,
        help_text=_("Applied on the next load. Leave empty to use the detected type."),
    )

    class Meta:
        ordering = ["resource", "position"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "source_name"],
                                    name="one_entry_per_column"),
        ]
        verbose_name = _("data dictionary entry")
        verbose_name_plural = _("data dictionary")

    def __str__(self) -> str:
        return self.label or self.source_name
