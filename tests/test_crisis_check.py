"""The crisis-record age check, with a fake ``today``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import distress_tolerance as dt_
from distress_tolerance._content.pack import Pack
from distress_tolerance._tools.crisis_check import (
    FUTURE_GRACE_DAYS,
    MAX_AGE_DAYS,
    CrisisCheck,
    stale_services,
)
from distress_tolerance.cli import main
from distress_tolerance.library import Library
from distress_tolerance.models import CrisisService, PackContent, VerificationStatus

DAY = dt.timedelta(days=1)
_NUMBERS = {"US": "988", "GB": "116123"}  # numbers libphonenumber knows for the region


def service(service_id: str, region: str, verified: str, status: str = "verified") -> CrisisService:
    """A valid crisis record last verified on ``verified`` (ISO date)."""
    return CrisisService.model_validate(
        {
            "id": service_id,
            "region": region,
            "name": f"Line {service_id}",
            "name_lang": "en",
            "operator": "An operator",
            "kind": "crisis-line",
            "contacts": [
                {
                    "mode": "call",
                    "value": _NUMBERS.get(region, "116123"),
                    "display": _NUMBERS.get(region, "116123"),
                    "hours": {"always": True},
                    "cost": "free",
                }
            ],
            "languages": ["en"],
            "sources": [
                {"title": "Its own page", "kind": "official", "url": "https://example.org/line/help"},
                {"title": "A news report", "kind": "secondary", "url": "https://news.example/2026/line"},
            ],
            "confidence": "high",
            "last_verified": {
                "status": status,
                "date": verified,
                "by": "A tester",
                "method": "Opened the page.",
            },
        }
    )


def library_of(tmp_path: Path, *services: CrisisService) -> Library:
    """A library holding only these crisis records."""
    return Library(((Pack(tmp_path, "host"), PackContent(crisis_services=services)),))


def test_default_limit_is_a_year() -> None:
    """The content guide's rule: older than a year is stale."""
    assert MAX_AGE_DAYS == 365


def test_boundary_at_the_limit(tmp_path: Path) -> None:
    """Exactly max_age_days old is fine; one day more is stale."""
    library = library_of(tmp_path, service("a", "GB", "2026-01-01"))
    verified = dt.date(2026, 1, 1)
    assert stale_services(library, today=verified + 365 * DAY).stale == ()
    report = stale_services(library, today=verified + 366 * DAY)
    assert [(r.id, r.age_days) for r in report.stale] == [("a", 366)]
    assert not report.ok


def test_custom_limit_and_zero(tmp_path: Path) -> None:
    """A limit of 0 makes yesterday's check stale and today's fine."""
    library = library_of(tmp_path, service("old", "GB", "2026-03-01"), service("new", "US", "2026-03-02"))
    report = stale_services(library, today=dt.date(2026, 3, 2), max_age_days=0)
    assert [r.id for r in report.stale] == ["old"] and report.checked == 2


def test_stale_records_are_listed_oldest_first(tmp_path: Path) -> None:
    """Several stale records: oldest first, each with its region, name and verifier."""
    library = library_of(
        tmp_path,
        service("b", "US", "2024-06-01"),
        service("a", "AU", "2023-01-01"),
        service("c", "GB", "2026-06-01"),
    )
    report = stale_services(library, today=dt.date(2026, 6, 1))
    assert [r.id for r in report.stale] == ["a", "b"]
    assert report.stale[0].region == "AU" and report.stale[0].verified_by == "A tester"
    assert report.stale[0].name == "Line a"


def test_source_checked_is_information_not_failure(tmp_path: Path) -> None:
    """A fresh source-checked record is listed for information and the check still passes."""
    library = library_of(
        tmp_path,
        service("checked", "GB", "2026-06-01", status="source-checked"),
        service("verified", "US", "2026-06-01"),
    )
    report = stale_services(library, today=dt.date(2026, 6, 2))
    assert report.ok and report.stale == ()
    assert [(r.id, r.status) for r in report.source_checked] == [
        ("checked", VerificationStatus.SOURCE_CHECKED)
    ]


def test_a_date_in_the_future_fails_beyond_the_grace(tmp_path: Path) -> None:
    """A verification dated after today (beyond a day for time zones) is a finding."""
    library = library_of(tmp_path, service("soon", "GB", "2026-06-03"), service("typo", "US", "2027-06-01"))
    report = stale_services(library, today=dt.date(2026, 6, 2))
    assert FUTURE_GRACE_DAYS == 1
    assert [r.id for r in report.future] == ["typo"] and not report.ok


def test_default_today_is_the_utc_date(tmp_path: Path) -> None:
    """Without today, the check runs on the current UTC date."""
    before = dt.datetime.now(dt.UTC).date()
    report = stale_services(library_of(tmp_path))
    assert before <= report.today <= dt.datetime.now(dt.UTC).date()
    assert report.checked == 0 and report.ok


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_invalid_limit_is_a_value_error(tmp_path: Path, bad: object) -> None:
    """A negative or non-integer limit is refused."""
    with pytest.raises(ValueError, match="max_age_days"):
        stale_services(library_of(tmp_path), max_age_days=bad)  # type: ignore[arg-type]


def test_builtin_records_age_together(library: dt_.Library) -> None:
    """The built-in records: none stale on the day of the newest check; all stale a year after the oldest."""
    dates = [s.last_verified.date for region in library.regions() for s in library.crisis_services(region)]
    total = len(dates)
    fresh = stale_services(library, today=max(dates))
    assert fresh.checked == total and fresh.stale == () and fresh.ok
    late = stale_services(library, today=max(dates) + (MAX_AGE_DAYS + 1) * DAY)
    assert len(late.stale) == total
    unverified = [
        s
        for r in library.regions()
        for s in library.crisis_services(r)
        if s.last_verified.status != "verified"
    ]
    assert len(fresh.source_checked) == len(unverified)


def test_report_is_a_frozen_model_with_ok_in_json(tmp_path: Path) -> None:
    """The report serialises with its ok flag and validates back."""
    report = stale_services(library_of(tmp_path, service("a", "GB", "2020-01-01")), today=dt.date(2026, 1, 1))
    data = json.loads(report.model_dump_json())
    assert data["ok"] is False and data["stale"][0]["id"] == "a"
    del data["ok"]
    assert CrisisCheck.model_validate(data) == report


# --- CLI ---------------------------------------------------------------------------------------


def _newest(library: dt_.Library) -> dt.date:
    return max(s.last_verified.date for r in library.regions() for s in library.crisis_services(r))


def test_cli_passes_on_the_day_of_the_check(library: dt_.Library, capsys: pytest.CaptureFixture[str]) -> None:
    """As of the newest verification date nothing is stale: exit 0, source-checked listed."""
    assert main(["crisis-check", "--today", _newest(library).isoformat()]) == 0
    out = capsys.readouterr().out
    assert "OK: every record passes." in out and "only source-checked" in out


def test_cli_fails_a_year_later(library: dt_.Library, capsys: pytest.CaptureFixture[str]) -> None:
    """A year and a day after the newest check every record is stale: exit 1, each named."""
    later = _newest(library) + (MAX_AGE_DAYS + 1) * DAY
    assert main(["crisis-check", "--today", later.isoformat(), "--max-age-days", "365"]) == 1
    out = capsys.readouterr().out
    assert "Stale: last verified more than 365 days ago" in out and "gb-samaritans" in out
    assert main(["crisis-check", "--today", later.isoformat(), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and len(data["stale"]) == data["checked"]


def test_cli_checks_a_host_pack(make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--pack checks a host's own records only."""
    record = service("host-line", "NZ", "2020-02-02").model_dump(mode="json", exclude_defaults=True)
    root = make_pack({"data/crisis/NZ.yaml": json.dumps({"services": [record]})})
    assert main(["crisis-check", "--pack", str(root), "--today", "2026-01-01", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["checked"] == 1 and data["stale"][0]["id"] == "host-line"


@pytest.mark.parametrize("args", [["--max-age-days", "-1"], ["--today", "yesterday"]])
def test_cli_rejects_bad_arguments(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    """A negative limit or a malformed date is a usage error."""
    with pytest.raises(SystemExit) as caught:
        main(["crisis-check", *args])
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def _with(record: CrisisService, **changes: object) -> CrisisService:
    data = record.model_dump(mode="json")
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value
    return CrisisService.model_validate(data)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"sources__0__url": "https://nami.org/"}, "is a bare domain (https://nami.org/): cite the page"),
        ({"sources__1__url": None}, "source 'A news report' has no URL"),
        ({"sources__0__kind": "secondary"}, "high confidence needs an official source and a second one"),
        ({"contacts__0__value": "12"}, "knows '12' neither as a number nor as a short number for US"),
        (
            {"contacts__0__value": "+611800551800", "region": "AU"},
            'a freephone number that does not dial in its E.164 form: add dial: "1800551800"',
        ),
    ],
)
def test_untraceable_sources_overstated_confidence_and_bad_numbers_fail(
    tmp_path: Path, changes: dict[str, object], expected: str
) -> None:
    """Each rule of the reference fails the check, naming the record (issue: honest upkeep)."""
    record = _with(service("line", "US", "2026-06-01"), **changes)
    report = stale_services(library_of(tmp_path, record), today=dt.date(2026, 6, 2))
    assert not report.ok
    assert [p for p in report.problems if expected in p and p.startswith("line: ")], report.problems


def test_a_waiver_keeps_a_number_libphonenumber_does_not_know(tmp_path: Path) -> None:
    """A recorded waiver keeps the number and is counted; a needless waiver is not a failure."""
    unknown = _with(service("line", "US", "2026-06-01"), contacts__0__value="12")
    waived = _with(unknown, contacts__0__waiver="Two sources confirm it.")
    report = stale_services(library_of(tmp_path, waived), today=dt.date(2026, 6, 2))
    assert report.ok and report.waivers == 1 and report.numbers_checked == 1
    needless = _with(service("line", "US", "2026-06-01"), contacts__0__waiver="Not needed.")
    assert stale_services(library_of(tmp_path, needless), today=dt.date(2026, 6, 2)).ok


def test_without_phonenumbers_the_check_does_not_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbers that were never checked are not reported as fine."""
    import distress_tolerance._tools.crisis_check as check

    monkeypatch.setattr(check, "libphonenumber_version", lambda: None)
    report = check.stale_services(
        library_of(tmp_path, service("line", "US", "2026-06-01")), today=dt.date(2026, 6, 2)
    )
    assert report.libphonenumber is None and not report.ok and report.numbers_checked == 0
