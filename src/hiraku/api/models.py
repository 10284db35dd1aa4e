"""API tokens: staff create them (admin or `hiraku token create`); only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX = "hk_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=200, help_text=_("What the token is for."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def new_secret(self) -> str:
        """Give this token a fresh secret; it is returned once and never stored."""
        secret = PREFIX + secrets.token_urlsafe(32)
        self.digest, self.prefix = hash_token(secret), secret[:10]
        return secret

    @classmethod
    def issue(cls, user, name: str, expires=None) -> tuple[ApiToken, str]:
        token = cls(user=user, name=name, expires=expires)
        secret = token.new_secret()
        token.save()
        return token, secret
