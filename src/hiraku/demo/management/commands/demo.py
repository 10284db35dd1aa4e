from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hiraku.demo import catalog
from hiraku.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo municipality (real open data of 焼津市 and 高松市). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Do not create the demo staff accounts."
        )

    def handle(self, *args, no_users: bool = False, **options):
        with_users = not no_users
        if settings.PRODUCTION and with_users:
            raise CommandError(
                "本番モードではデモ用アカウントを作成できません"
                "（--no-users を指定してください）。 / "
                "Demo accounts have well-known passwords and are refused in production; "
                "use --no-users."
            )
        result = load_demo(with_users=with_users)
        if result.changed:
            self.stdout.write(
                f"Demo loaded: {len(result.created)} created, {len(result.updated)} updated."
            )
        else:
            self.stdout.write("Demo already loaded: nothing changed.")
        if with_users:
            self.stdout.write(f"Demo staff logins (password: {catalog.DEMO_PASSWORD}):")
            for spec in catalog.USERS:
                roles = [f"{org} ({role})" for org, role in spec["memberships"]]
                orgs = ", ".join(roles) or "platform admin"
                self.stdout.write(f"  {spec['username']:<10} {orgs}")
