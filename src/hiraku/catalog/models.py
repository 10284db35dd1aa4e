"""The catalog: organizations (課), datasets and resources, with CKAN's names and meanings."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hiraku.catalog.validators import validate_lgcode, validate_name


def _bilingual(ja: str, en: str) -> str:
    """The English text when the interface is English and one exists, else the Japanese."""
    if en and (get_language() or "ja").startswith("en"):
        return en
    return ja


class License(models.Model):
    id = models.CharField(_("licence id"), max_length=50, primary_key=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    url = models.URLField(_("URL"), blank=True)
    attribution = models.TextField(
        _("attribution text"),
        blank=True,
        help_text=_("How users should credit the data; {publisher} and {title} are filled in."),
    )
    attribution_en = models.TextField(_("attribution text (English)"), blank=True)
    is_open = models.BooleanField(_("open licence"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return _bilingual(self.title, self.title_en)

    def attribution_for(self, dataset: Dataset) -> str:
        template = _bilingual(self.attribution, self.attribution_en)
        return template.format(
            publisher=dataset.organization.display_title, title=dataset.display_title
        )


class Theme(models.Model):
    """A fixed category (CKAN group), following e-Stat's 17 statistical fields as e-Gov does."""

    name = models.SlugField(_("name"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=100)
    title_en = models.CharField(_("title (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("web:theme", args=[self.name])

    @property
    def display_title(self) -> str:
        return _bilingual(self.title, self.title_en)


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("name (URL)"), max_length=100, unique=True, validators=[validate_name]
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    description_en = models.TextField(_("description (English, Markdown)"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("web:organization", args=[self.name])

    @property
    def display_title(self) -> str:
        return _bilingual(self.title, self.title_en)

    @property
    def display_description(self) -> str:
        return _bilingual(self.description, self.description_en)


class Membership(models.Model):
    """A staff member's role in one organization (CKAN's member / editor / admin)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member (sees private datasets)")
        EDITOR = "editor", _("editor (edits the organization's datasets)")
        ADMIN = "admin", _("administrator (also manages the organization)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_org"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}: {self.get_role_display()}"


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class UpdateFrequency(models.TextChoices):
    IRREGULAR = "irregular", _("irregular")
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    SEMIANNUAL = "semiannual", _("every six months")
    ANNUAL = "annual", _("yearly")
    NEVER = "never", _("not updated")


class StandardStatus(models.TextChoices):
    CONFORMS = "conforms", _("conforms")
    NEEDS_FIX = "needs-fix", _("needs fixing")


class DatasetQuerySet(models.QuerySet):
    def active(self) -> DatasetQuerySet:
        return self.filter(state=Dataset.State.ACTIVE)

    def public(self) -> DatasetQuerySet:
        return self.active().filter(private=False)


class Dataset(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        DELETED = "deleted", _("deleted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("name (URL)"), max_length=100, unique=True, validators=[validate_name]
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    notes = models.TextField(_("description (Markdown)"), blank=True)
    notes_en = models.TextField(_("description (English, Markdown)"), blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="datasets",
        verbose_name=_("organization"),
    )
    license = models.ForeignKey(
        License,
        on_delete=models.PROTECT,
        default="cc-by-4.0",
        related_name="datasets",
        verbose_name=_("licence"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets", verbose_name=_("tags"))
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="datasets", verbose_name=_("themes")
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    author_email = models.EmailField(_("author e-mail"), blank=True)
    maintainer = models.CharField(_("maintainer"), max_length=200, blank=True)
    maintainer_email = models.EmailField(_("maintainer e-mail"), blank=True)
    url = models.URLField(_("source page"), blank=True, max_length=1000)
    version = models.CharField(_("version"), max_length=100, blank=True)
    update_frequency = models.CharField(
        _("update frequency"), max_length=20, choices=UpdateFrequency.choices, blank=True
    )
    spatial = models.CharField(
        _("spatial coverage (local government code)"),
        max_length=6,
        blank=True,
        validators=[validate_lgcode],
    )
    temporal_start = models.DateField(_("temporal coverage from"), null=True, blank=True)
    temporal_end = models.DateField(_("temporal coverage to"), null=True, blank=True)
    conforms_to = models.CharField(_("standard dataset"), max_length=50, blank=True)
    # Kept by hiraku.standards from the checks of the resources (not edited by staff).
    standard_status = models.CharField(_("standard dataset check"), max_length=10,
                                       choices=StandardStatus.choices, blank=True,
                                       editable=False)
    private = models.BooleanField(
        _("private (draft)"),
        default=False,
        help_text=_("Private datasets are seen only by members of the organization."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["-modified"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        indexes = [models.Index(fields=["state", "private", "-modified"])]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("web:dataset", args=[self.name])

    @property
    def display_title(self) -> str:
        return _bilingual(self.title, self.title_en)

    @property
    def display_notes(self) -> str:
        return _bilingual(self.notes, self.notes_en)


def resource_upload_path(resource: Resource, filename: str) -> str:
    # Storage paths come only from server-generated ids (CKAN CVE-2023-32321); the
    # user's file name is kept in Resource.filename for downloads.
    return f"resources/{resource.id}/{uuid.uuid4().hex}"


class Resource(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="resources", verbose_name=_("dataset")
    )
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    file = models.FileField(_("file"), upload_to=resource_upload_path, blank=True, max_length=300)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("external URL"), blank=True, max_length=1000)
    format = models.CharField(_("format"), max_length=50, blank=True)
    size = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    mimetype = models.CharField(_("MIME type"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["dataset", "position", "created"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("web:resource", args=[self.dataset.name, self.id])

    @property
    def display_name(self) -> str:
        return _bilingual(self.name, self.name_en)

    @property
    def is_upload(self) -> bool:
        return bool(self.file)

    def get_download_url(self) -> str:
        if not self.is_upload:
            return self.url
        return reverse(
            "web:resource_download",
            args=[self.dataset.name, self.id, self.filename or "download"],
        )
