"""Building catalog objects for tests, through the same services the application uses."""

from __future__ import annotations

import io
import itertools

from django.contrib.auth import get_user_model

from hiraku.catalog import services
from hiraku.catalog.models import Dataset, Membership, Organization, Resource

_counter = itertools.count(1)


def platform_admin(username: str = "dx-admin"):
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password("pw")
    user.save()
    return user


def staff(
    username: str, organization: Organization | None = None, role: str = Membership.Role.EDITOR
):
    User = get_user_model()
    user = User.objects.create_user(username=username, password="pw", is_staff=True)
    if organization is not None:
        services.set_membership(platform_admin(), organization, user, role)
    return user


def organization(name: str | None = None, title: str = "防災課", **fields) -> Organization:
    name = name or f"org-{next(_counter)}"
    return services.create_organization(platform_admin(), name=name, title=title, **fields)


def dataset(
    org: Organization, name: str | None = None, title: str = "避難所一覧", **fields
) -> Dataset:
    name = name or f"dataset-{next(_counter)}"
    return services.create_dataset(
        platform_admin(), organization=org, name=name, title=title, **fields
    )


def resource(
    ds: Dataset, content: bytes = b"a,b\n1,2\n", filename: str = "data.csv", **fields
) -> Resource:
    return services.add_resource(
        platform_admin(), ds, upload=io.BytesIO(content), filename=filename, **fields
    )
