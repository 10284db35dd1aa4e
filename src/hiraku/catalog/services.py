"""Every write to the catalog goes through these functions: permissions, validation, audit.

Views, the admin, the APIs and the command line call them; nothing else saves catalog models.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction

from hiraku.catalog import files, permissions, signals
from hiraku.catalog.models import Dataset, Membership, Organization, Resource, Tag, Theme
from hiraku.catalog.uploads import UploadTooLarge
from hiraku.errors import Invalid, NotAllowed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser

ORG_FIELDS = {"name", "title", "title_en", "description", "description_en", "parent", "email"}
# An id may be given when creating, so that a catalog copied from another site (ckanapi load)
# keeps its ids and links.
CREATE_ONLY_FIELDS = {"id"}
DATASET_FIELDS = {
    "name",
    "title",
    "title_en",
    "notes",
    "notes_en",
    "organization",
    "license",
    "license_id",
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
    "private",
}
RESOURCE_FIELDS = {
    "name",
    "name_en",
    "description",
    "description_en",
    "url",
    "format",
    "position",
    "mimetype",
}


def _deny(what_ja: str, what_en: str) -> NotAllowed:
    return NotAllowed(f"{what_ja}の権限がありません。", f"You are not allowed to {what_en}.")


def _invalid(error: ValidationError) -> Invalid:
    details = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    text = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in details.items())
    return Invalid(
        f"入力内容に誤りがあります: {text}",
        f"Invalid input: {text}",
        code="validation",
        details=details,
    )


def _set(instance: Any, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        names = ", ".join(sorted(unknown))
        raise Invalid(f"不明な項目です: {names}", f"Unknown fields: {names}", code="validation")
    for key, value in fields.items():
        setattr(instance, key, value)


def _save(instance: Any, actor: User | None) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise _invalid(error) from error
    with set_actor(actor):
        instance.save()


# Organizations ---------------------------------------------------------------------------


def create_organization(actor: User | None, **fields: Any) -> Organization:
    if not permissions.can_manage_organization(actor, None):
        raise _deny("組織の作成", "create organizations")
    organization = Organization()
    _set(organization, fields, ORG_FIELDS | CREATE_ONLY_FIELDS)
    with transaction.atomic():
        _save(organization, actor)
    return organization


def update_organization(
    actor: User | None, organization: Organization, **fields: Any
) -> Organization:
    if not permissions.can_manage_organization(actor, organization):
        raise _deny("この組織の変更", "change this organization")
    _set(organization, fields, ORG_FIELDS)
    with transaction.atomic():
        _save(organization, actor)
        # Its datasets' search documents hold its title: re-indexed in this transaction.
        signals.organization_changed.send(
            sender=Organization, organization=organization, fields=frozenset(fields)
        )
    return organization


def delete_organization(actor: User | None, organization: Organization) -> None:
    if not permissions.is_platform_admin(actor):
        raise _deny("組織の削除", "delete organizations")
    if organization.datasets.exists() or organization.children.exists():
        raise Invalid(
            "データセットまたは下位組織が残っている組織は削除できません。",
            "An organization that still has datasets or sub-organizations cannot be deleted.",
            code="in-use",
        )
    with transaction.atomic(), set_actor(actor):
        organization.delete()


def set_membership(
    actor: User | None, organization: Organization, user: User, role: str
) -> Membership:
    if not permissions.can_manage_organization(actor, organization):
        raise _deny("メンバーの管理", "manage members of this organization")
    with transaction.atomic(), set_actor(actor):
        membership, _ = Membership.objects.update_or_create(
            user=user, organization=organization, defaults={"role": role}
        )
    return membership


def remove_membership(actor: User | None, membership: Membership) -> None:
    if not permissions.can_manage_organization(actor, membership.organization):
        raise _deny("メンバーの管理", "manage members of this organization")
    with transaction.atomic(), set_actor(actor):
        membership.delete()


# Datasets --------------------------------------------------------------------------------


def _tags(names: Iterable[str]) -> list[Tag]:
    tags = []
    for raw in names:
        name = " ".join(str(raw).split())[:100]
        if name:
            tags.append(Tag.objects.get_or_create(name=name)[0])
    return tags


def _check_dataset_write(actor: User | None, dataset: Dataset) -> None:
    """The actor must edit both the dataset's current organization and the one it moves to."""
    if dataset.organization_id is None:
        raise Invalid("組織を選んでください。", "Choose an organization.", code="validation")
    targets = {dataset.organization_id}
    if not dataset._state.adding:
        stored = Dataset.objects.filter(pk=dataset.pk).values_list("organization_id", flat=True)
        targets.update(stored)
    allowed = set(
        permissions.organizations_user_can_edit(actor)
        .filter(pk__in=targets)
        .values_list("pk", flat=True)
    )
    if allowed != targets:
        raise _deny("この組織のデータセットの編集", "edit datasets of this organization")


def save_dataset(
    actor: User | None,
    dataset: Dataset,
    *,
    tags: Iterable[str] | None = None,
    themes: Iterable[Theme | str] | None = None,
) -> Dataset:
    """Validate and save a dataset built or changed by a caller (form, API)."""
    _check_dataset_write(actor, dataset)
    with transaction.atomic():
        _save(dataset, actor)
        with set_actor(actor):
            if tags is not None:
                dataset.tags.set(_tags(tags))
            if themes is not None:
                dataset.themes.set(
                    [t if isinstance(t, Theme) else Theme.objects.get(name=t) for t in themes]
                )
        _after_dataset_change(dataset)
    return dataset


def create_dataset(
    actor: User | None,
    *,
    tags: Iterable[str] = (),
    themes: Iterable[Theme | str] = (),
    **fields: Any,
) -> Dataset:
    dataset = Dataset()
    _set(dataset, fields, DATASET_FIELDS | CREATE_ONLY_FIELDS)
    return save_dataset(actor, dataset, tags=tags, themes=themes)


def update_dataset(
    actor: User | None,
    dataset: Dataset,
    *,
    tags: Iterable[str] | None = None,
    themes: Iterable[Theme | str] | None = None,
    **fields: Any,
) -> Dataset:
    _check_dataset_write(actor, dataset)
    _set(dataset, fields, DATASET_FIELDS)
    return save_dataset(actor, dataset, tags=tags, themes=themes)


def delete_dataset(actor: User | None, dataset: Dataset) -> None:
    """Mark deleted (CKAN's semantics): links answer 404, the record and files stay."""
    _check_dataset_write(actor, dataset)
    dataset.state = Dataset.State.DELETED
    with transaction.atomic():
        _save(dataset, actor)
        _after_dataset_change(dataset)


def purge_dataset(actor: User | None, dataset: Dataset) -> None:
    if not permissions.is_platform_admin(actor):
        raise _deny("データセットの完全削除", "purge datasets")
    with transaction.atomic(), set_actor(actor):
        for resource in dataset.resources.all():
            _delete_file_later(resource.file.name if resource.file else "")
        dataset.delete()


def _after_dataset_change(dataset: Dataset) -> None:
    """Hooks that must run in the same transaction as the write (search index)."""
    signals.dataset_changed.send(sender=Dataset, dataset=dataset)


# Resources -------------------------------------------------------------------------------


def _delete_file_later(name: str) -> None:
    if not name:
        return
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: default_storage.delete(name))


def _attach_file(resource: Resource, stream: IO[bytes], filename: str) -> None:
    try:
        facts = files.measure(stream, filename)
    except UploadTooLarge as error:
        raise Invalid(error.message_ja, error.message_en, code="upload-too-large") from error
    resource.filename = facts.filename
    resource.size = facts.size
    resource.sha256 = facts.sha256
    resource.mimetype = facts.mimetype
    if not resource.format:
        resource.format = facts.format
    resource.url = ""
    resource.file.save(facts.filename, files.as_django_file(stream, facts.filename), save=False)


def add_resource(
    actor: User | None,
    dataset: Dataset,
    *,
    upload: IO[bytes] | None = None,
    filename: str = "",
    **fields: Any,
) -> Resource:
    if not permissions.can_edit_dataset(actor, dataset):
        raise _deny("このデータセットの編集", "edit this dataset")
    resource = Resource(dataset=dataset)
    _set(resource, fields, RESOURCE_FIELDS | CREATE_ONLY_FIELDS)
    if "position" not in fields:
        resource.position = dataset.resources.count()
    if upload is None and not resource.url:
        raise Invalid(
            "ファイルまたは URL を指定してください。", "Give a file or a URL.", code="validation"
        )
    with transaction.atomic():
        if upload is not None:
            _attach_file(resource, upload, filename or getattr(upload, "name", ""))
        if not resource.name:
            resource.name = resource.filename or resource.url
        try:
            _save(resource, actor)
        except Invalid:
            if resource.file:
                resource.file.storage.delete(resource.file.name)
            raise
        _touch(dataset, actor)
        if resource.file and _datastore().is_tabular(resource.format):
            _datastore().schedule_load(actor, resource)
    return resource


def _datastore():
    # Imported late: the datastore app builds on the catalog, not the other way round.
    from hiraku.datastore import services as datastore_services

    return datastore_services


def update_resource(
    actor: User | None,
    resource: Resource,
    *,
    upload: IO[bytes] | None = None,
    filename: str = "",
    **fields: Any,
) -> Resource:
    """Change metadata and/or replace the file; the old file goes only once the new one is in."""
    if not permissions.can_edit_dataset(actor, resource.dataset):
        raise _deny("このデータセットの編集", "edit this dataset")
    _set(resource, fields, RESOURCE_FIELDS)
    old_file = resource.file.name if resource.file else ""
    name = (filename or getattr(upload, "name", "")) if upload is not None else ""
    replace_after_load = (
        upload is not None and bool(old_file)
        and _datastore().is_tabular(files.guess_format(name) or resource.format)
    )
    with transaction.atomic():
        if upload is not None and not replace_after_load:
            _attach_file(resource, upload, name)
            if old_file:
                _delete_file_later(old_file)
        _save(resource, actor)
        _touch(resource.dataset, actor)
        if replace_after_load:
            # The new file replaces the old one only once its load succeeds.
            _datastore().schedule_load(actor, resource, upload=upload, filename=name)
        elif upload is not None and _datastore().is_tabular(resource.format):
            _datastore().schedule_load(actor, resource)
    return resource


def delete_resource(actor: User | None, resource: Resource) -> None:
    if not permissions.can_edit_dataset(actor, resource.dataset):
        raise _deny("このデータセットの編集", "edit this dataset")
    resource_id = str(resource.pk)
    with transaction.atomic(), set_actor(actor):
        _delete_file_later(resource.file.name if resource.file else "")
        resource.delete()
        _touch(resource.dataset, actor)
        transaction.on_commit(lambda: _datastore().drop_resource_tables(resource_id))


def _touch(dataset: Dataset, actor: User | None) -> None:
    """A resource change is a dataset change: bump metadata_modified, refresh the index."""
    with set_actor(actor):
        Dataset.objects.filter(pk=dataset.pk).update(modified=_now())
    dataset.refresh_from_db(fields=["modified"])
    _after_dataset_change(dataset)


def _now():
    from django.utils import timezone

    return timezone.now()
