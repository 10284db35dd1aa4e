"""Whether a resource follows the 自治体標準オープンデータセット it declares, or that was
detected from its header row."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hiraku.catalog.models import Resource


class Conformance(models.Model):
    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, primary_key=True,
                                    related_name="conformance", verbose_name=_("resource"))
    schema_id = models.CharField(_("standard"), max_length=50, blank=True)  # "" = none found
    layout = models.CharField(_("layout"), max_length=20, blank=True)
    declared = models.BooleanField(_("declared by the dataset"), default=False)
    conforms = models.BooleanField(_("conforms"), null=True)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    report = models.JSONField(_("validation report"), default=dict)
    source_sha256 = models.CharField(max_length=64, blank=True)
    checked = models.DateTimeField(_("checked"), auto_now=True)

    class Meta:
        verbose_name = _("conformance")
        verbose_name_plural = _("conformance")

    def __str__(self) -> str:
        return f"{self.resource_id}: {self.schema_id or '-'} {self.conforms}"
