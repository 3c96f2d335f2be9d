"""Can each crisis record be trusted? Its age, its sources, its confidence and its numbers.

Besides age (below), a record fails the check when a source has no article-level URL (a bare
domain such as ``https://nami.org/`` lets nobody trace the claim), when it says ``high`` without an
official source and a second one (the reference's definition), or when a number fails
libphonenumber without a recorded waiver (:mod:`distress_tolerance._tools.numbers`).

A crisis record's ``last_verified.date`` is set by a person who checked the service's own page
(or, for ``source-checked`` records, only secondary sources). Numbers change: a record not checked
for more than a year (:data:`MAX_AGE_DAYS`) is reported as stale, and a release should not ship it
unchecked. Records that are only source-checked are listed too, as information.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, computed_field

from distress_tolerance._tools.numbers import check_numbers, libphonenumber_version
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.models import Confidence, CrisisService, VerificationStatus, WebSource

if TYPE_CHECKING:
    from distress_tolerance.library import Library

__all__ = ["FUTURE_GRACE_DAYS", "MAX_AGE_DAYS", "CrisisCheck", "RecordAge", "stale_services"]

MAX_AGE_DAYS = 365
"""A record last verified longer ago than this is stale (content guide: "older than a year")."""
FUTURE_GRACE_DAYS = 1
"""A verification date may lie this far after ``today`` (time zones); later ones are errors."""


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RecordAge(_View):
    """One crisis record and how long ago it was last verified."""

    id: str
    region: str
    name: str
    status: VerificationStatus
    verified_on: dt.date
    verified_by: str
    age_days: int
    """Days from ``verified_on`` to the day of the check (negative if dated in the future)."""


class CrisisCheck(_View):
    """The result of :func:`stale_services`.

    ``stale``: older than ``max_age_days`` (oldest first); ``future``: dated after the day of the
    check (a typing error); ``source_checked``: not yet verified on the service's own page (for
    information, not a failure). ``ok`` is false when anything is stale or dated in the future.
    """

    today: dt.date
    max_age_days: int
    checked: int
    stale: tuple[RecordAge, ...]
    future: tuple[RecordAge, ...]
    source_checked: tuple[RecordAge, ...]
    problems: tuple[str, ...] = ()
    """Sources, confidence and numbers that fail the rules: one line each, naming the record."""
    numbers_checked: int = 0
    waivers: int = 0
    libphonenumber: str | None = None
    """The ``phonenumbers`` version the numbers were checked with; None: not installed, not checked."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when no record is stale, dated in the future or breaks a rule, and the numbers
        were checked."""
        return not self.stale and not self.future and not self.problems and self.libphonenumber is not None


def stale_services(
    library: Library, *, today: dt.date | None = None, max_age_days: int = MAX_AGE_DAYS
) -> CrisisCheck:
    """Check the age of every crisis record of ``library``.

    ``today`` defaults to the current date in UTC. A record is stale when more than
    ``max_age_days`` days have passed since its ``last_verified.date``. Raises ValueError for a
    negative ``max_age_days`` (ArgumentError).
    """
    if isinstance(max_age_days, bool) or not isinstance(max_age_days, int) or max_age_days < 0:
        msg = f"max_age_days must be a whole number of at least 0, not {max_age_days!r}"
        raise ArgumentError(msg)
    day = today if today is not None else dt.datetime.now(dt.UTC).date()
    services = tuple(s for region in library.regions() for s in library.crisis_services(region))
    records = sorted((_age(service, day) for service in services), key=lambda r: (r.region, r.id))
    emergency = tuple(
        e for e in (library.emergency_numbers(r) for r in library.emergency_regions()) if e is not None
    )
    problems = [
        *(p for s in services for p in _source_problems(s.id, s.sources, s.confidence)),
        *(p for e in emergency for p in _source_problems(f"emergency {e.region}", e.sources, e.confidence)),
    ]
    version = libphonenumber_version()
    numbers = check_numbers(services, emergency) if version is not None else None
    if numbers is not None:
        problems += [f"{p.where}: {p.number}: {p.problem}" for p in numbers.problems]
    return CrisisCheck(
        problems=tuple(problems),
        numbers_checked=numbers.checked if numbers else 0,
        waivers=numbers.waived if numbers else 0,
        libphonenumber=version,
        today=day,
        max_age_days=max_age_days,
        checked=len(records),
        stale=tuple(sorted((r for r in records if r.age_days > max_age_days), key=lambda r: -r.age_days)),
        future=tuple(r for r in records if r.age_days < -FUTURE_GRACE_DAYS),
        source_checked=tuple(r for r in records if r.status is not VerificationStatus.VERIFIED),
    )


def _age(service: CrisisService, today: dt.date) -> RecordAge:
    verified = service.last_verified
    return RecordAge(
        id=service.id,
        region=service.region,
        name=service.name,
        status=verified.status,
        verified_on=verified.date,
        verified_by=verified.by,
        age_days=(today - verified.date).days,
    )


def _source_problems(where: str, sources: tuple[WebSource, ...], confidence: Confidence) -> list[str]:
    problems = []
    for source in sources:
        if source.url is None:
            problems.append(f"{where}: source {source.title!r} has no URL")
        elif (parts := urlsplit(source.url)).path in {"", "/"} and not parts.query:
            problems.append(
                f"{where}: source {source.title!r} is a bare domain ({source.url}): cite the page"
            )
    official = [s for s in sources if s.kind == "official" and s.url is not None]
    if confidence is Confidence.HIGH and (not official or len(sources) < 2):  # noqa: PLR2004
        problems.append(f"{where}: high confidence needs an official source and a second one")
    return problems
