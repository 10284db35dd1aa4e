"""Sent by the services inside the write's transaction, so listeners (the search index) stay
consistent with the catalog: if the write rolls back, so does their work."""

from django.dispatch import Signal

# sender=Dataset, dataset=<Dataset>
dataset_changed = Signal()

# sender=Organization, organization=<Organization>, fields=<names of the fields written>
organization_changed = Signal()
