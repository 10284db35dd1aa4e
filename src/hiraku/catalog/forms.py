"""Staff forms: what the admin shows, validated here, saved through the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hiraku.catalog.models import Dataset, Resource
from hiraku.catalog.uploads import UploadTooLarge, upload_limit_bytes


class DatasetForm(forms.ModelForm):
    tag_string = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas, e.g. 防災, AED, 自治体標準ODS"),
        widget=forms.TextInput(attrs={"size": 60}),
    )

    class Meta:
        model = Dataset
        fields = [
            "organization",
            "title",
            "title_en",
            "name",
            "notes",
            "notes_en",
            "themes",
            "license",
            "private",
            "author",
            "author_email",
            "maintainer",
            "maintainer_email",
            "url",
            "version",
            "update_frequency",
            "spatial",
            "temporal_start",
            "temporal_end",
            "conforms_to",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tag_string"].initial = ", ".join(
                self.instance.tags.values_list("name", flat=True)
            )

    def tag_names(self) -> list[str]:
        raw = self.cleaned_data.get("tag_string", "").replace("、", ",")
        return [t.strip() for t in raw.split(",") if t.strip()]


class ResourceForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Upload a file, or give an external URL below."),
    )

    class Meta:
        model = Resource
        fields = [
            "dataset",
            "name",
            "name_en",
            "description",
            "description_en",
            "upload",
            "url",
            "format",
            "position",
        ]

    def __init__(self, *args, request=None, **kwargs) -> None:
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False

    def clean_upload(self):
        if self.request is not None and getattr(self.request, "upload_too_large", False):
            error = UploadTooLarge(upload_limit_bytes())
            raise forms.ValidationError(
                f"{error.message_ja} / {error.message_en}", code="upload_too_large"
            )
        return self.cleaned_data.get("upload")

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("upload")) or bool(self.instance.pk and self.instance.file)
        if not has_file and not cleaned.get("url") and not self.errors:
            raise forms.ValidationError(_("Upload a file or give a URL."), code="no_content")
        return cleaned
