from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "hiraku.standards"
    verbose_name = _("Standard datasets")
