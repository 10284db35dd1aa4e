"""Who may see and change what. Checked once, here, for every path (admin, site, API, CLI).

Roles are per organization (課): a member sees the organization's private datasets, an editor
also changes them, an organization admin also edits the organization. A platform admin
(Django superuser, DX推進課) may do everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from hiraku.catalog.models import Dataset, Membership, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

EDIT_ROLES = (Membership.Role.EDITOR, Membership.Role.ADMIN)


class SystemActor:
    """The command line acting for the platform itself (scripts, cron): every right, and
    recorded in the audit log without a person."""

    pk = None
    username = "system"
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def is_platform_admin(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def _organization_ids(user: User | None, roles: tuple[str, ...] | None) -> QuerySet:
    memberships = Membership.objects.filter(user_id=user.pk)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("organization_id")


def organizations_user_can_edit(user: User | None) -> QuerySet[Organization]:
    if is_platform_admin(user):
        return Organization.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Organization.objects.none()
    return Organization.objects.filter(id__in=_organization_ids(user, EDIT_ROLES))


def visible_datasets(user: User | None) -> QuerySet[Dataset]:
    """Active datasets the user may see: public ones plus their organizations' private ones."""
    datasets = Dataset.objects.active()
    if is_platform_admin(user):
        return datasets
    if not (user and user.is_authenticated and user.is_active):
        return datasets.filter(private=False)
    return datasets.filter(Q(private=False) | Q(organization_id__in=_organization_ids(user, None)))


def editable_datasets(user: User | None) -> QuerySet[Dataset]:
    datasets = Dataset.objects.all()
    if is_platform_admin(user):
        return datasets
    return datasets.filter(organization__in=organizations_user_can_edit(user))


def can_view_dataset(user: User | None, dataset: Dataset) -> bool:
    return can_view(user, dataset_id=dataset.pk, state=dataset.state, private=dataset.private)


def can_view(user: User | None, *, dataset_id: object, state: str, private: bool) -> bool:
    """can_view_dataset from the three fields it reads, for callers holding a raw row."""
    if state != Dataset.State.ACTIVE:
        return is_platform_admin(user)
    if not private:
        return True
    return visible_datasets(user).filter(pk=dataset_id).exists()


def can_edit_organization_datasets(user: User | None, organization: Organization) -> bool:
    return organizations_user_can_edit(user).filter(pk=organization.pk).exists()


def can_edit_dataset(user: User | None, dataset: Dataset) -> bool:
    return can_edit_organization_datasets(user, dataset.organization)


def can_manage_organization(user: User | None, organization: Organization | None) -> bool:
    """Create/edit/delete organizations: platform admins; org admins for their own."""
    if is_platform_admin(user):
        return True
    if organization is None or not (user and user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(
        user_id=user.pk, organization=organization, role=Membership.Role.ADMIN
    ).exists()
