"""`hiraku demo` builds the demo municipality from real files and is idempotent."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from hiraku.catalog.models import Dataset, Organization, Resource

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_loads_real_datasets_in_several_organizations():
    _run()
    assert Dataset.objects.count() >= 10
    assert Organization.objects.filter(datasets__isnull=False).distinct().count() >= 3
    aed = Dataset.objects.get(name="yaizu-aed")
    assert aed.license_id == "pdl-1.0" and "焼津市" in aed.notes
    population = Dataset.objects.get(name="takamatsu-population-2023-05")
    assert population.license_id == "cc-by-4.0"
    raw = population.resources.get().file.read()
    assert "塩屋町".encode("cp932") in raw  # the CP932 file is kept byte for byte


def test_running_demo_twice_changes_nothing():
    _run()
    snapshot = {d.name: d.modified for d in Dataset.objects.all()}
    entries = LogEntry.objects.count()
    resources = list(Resource.objects.values_list("pk", "sha256", "file"))
    output = _run()
    assert "nothing changed" in output
    assert {d.name: d.modified for d in Dataset.objects.all()} == snapshot
    assert LogEntry.objects.count() == entries
    assert list(Resource.objects.values_list("pk", "sha256", "file")) == resources


def test_demo_prints_staff_logins():
    output = _run()
    assert "admin" in output and "bosai" in output and "hiraku-demo" in output


def test_demo_refuses_known_passwords_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo")
