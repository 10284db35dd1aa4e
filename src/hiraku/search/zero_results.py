"""The log of searches that found nothing: what residents want and cannot find.

Only the query text is kept, with how often and when it was first and last searched; never
the user, address, session or anything else about who typed it. Text that looks like an
e-mail address or a telephone number is personal data, so it is not logged at all.
"""

from __future__ import annotations

import logging
import re

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hiraku.search.models import ZeroResultQuery

logger = logging.getLogger(__name__)

MAX_LOGGED_CHARS = 256
_PERSONAL = re.compile(
    r"[^\s@]+@[^\s@]+"  # an e-mail address
    r"|\d(?:[\s\-‐－ー()（）]?\d){9,}"  # ten or more digits: a telephone or account number
)


def loggable_text(text: str) -> str:
    """The query as it will be logged ('' when it must not be): spaces collapsed, bounded."""
    collapsed = " ".join("".join(c for c in text if not "\ud800" <= c <= "\udfff").split())
    collapsed = collapsed[:MAX_LOGGED_CHARS]
    if not collapsed or _PERSONAL.search(collapsed):
        return ""
    return collapsed


def record_zero_result(text: str) -> None:
    """Count one search for ``text`` that found nothing. Never fails the search itself."""
    logged = loggable_text(text)
    if not logged:
        return
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = ZeroResultQuery.objects.filter(text=logged).update(
                count=F("count") + 1, last_seen=now
            )
            if not updated:
                try:
                    with transaction.atomic():
                        ZeroResultQuery.objects.create(text=logged, first_seen=now, last_seen=now)
                except IntegrityError:  # another request logged it first
                    ZeroResultQuery.objects.filter(text=logged).update(
                        count=F("count") + 1, last_seen=now
                    )
    except DatabaseError:
        logger.warning("could not log a search without results", exc_info=True)
