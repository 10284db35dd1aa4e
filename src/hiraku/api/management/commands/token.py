"""`hiraku token create USERNAME`: issue an API token and print it (shown only this once)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hiraku.api.models import ApiToken


class Command(BaseCommand):
    help = "Manage API tokens. `hiraku token create USERNAME` prints a new token."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        create = commands.add_parser("create", help="issue a token for a user and print it")
        create.add_argument("username")
        create.add_argument("--name", default="command line", help="what the token is for")
        listing = commands.add_parser("list", help="list a user's tokens (never the secrets)")
        listing.add_argument("username")

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"ユーザーがいません / No such user: {username}")
        return user

    def handle(self, *args, command: str, username: str, **options):
        user = self._user(username)
        if command == "create":
            _, secret = ApiToken.issue(user, options["name"])
            self.stdout.write(secret)
        else:
            for token in ApiToken.objects.filter(user=user):
                used = token.last_used.isoformat() if token.last_used else "never"
                self.stdout.write(f"{token.prefix}…  {token.name}  last used: {used}")
