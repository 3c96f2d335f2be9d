"""The crisis directory's model: opening hours, ages, languages, primary lines, pairs, emergency numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import distress_tolerance as dtol
from distress_tolerance._content.loader import load_yaml_pack
from distress_tolerance.exceptions import ArgumentError, ContentError
from distress_tolerance.models import AgeRange, Contact, EmergencyNumbers, Hours

NY = ZoneInfo("America/New_York")


def _service(sid: str = "us-x", *, region: str = "US", extra: str = "", contact: str = "") -> str:
    return f"""\
  - id: {sid}
    region: {region}
    name: X
    name_lang: en
    operator: X
    kind: crisis-line
    contacts:
      - {{mode: call, value: "123", display: "123", cost: free, hours: {{always: true}}{contact}}}
    languages: [en]
    sources: [{{title: t, kind: secondary, url: "https://example.org/a", accessed: 2026-12-05}}]
    confidence: medium
    last_verified: {{status: source-checked, date: 2026-12-05, by: me, method: reading}}
{extra}"""


def _hours(**kw: object) -> Hours:
    return Hours.model_validate(
        {"days": ["mon", "tue", "wed", "thu", "fri"], "time_zone": "America/New_York", **kw}
    )


def test_a_schedule_is_open_only_inside_its_hours_in_its_own_zone() -> None:
    """Weekdays 10:00-22:00 New York: open at noon on a Monday there, closed at 22:00 and at the weekend,
    whatever zone the time is given in."""
    hours = _hours(opens="10:00", closes="22:00")
    monday_noon = dt.datetime(2026, 12, 7, 12, 0, tzinfo=NY)
    assert hours.is_open(monday_noon)
    assert hours.is_open(monday_noon.astimezone(dt.UTC))
    assert not hours.is_open(dt.datetime(2026, 12, 7, 22, 0, tzinfo=NY))
    assert not hours.is_open(dt.datetime(2026, 12, 7, 9, 59, tzinfo=NY))
    assert not hours.is_open(dt.datetime(2026, 12, 5, 12, 0, tzinfo=NY))  # a Saturday
    # 02:00 UTC on Tuesday is 21:00 on Monday in New York.
    assert hours.is_open(dt.datetime(2026, 12, 8, 2, 0, tzinfo=dt.UTC))


def test_an_overnight_schedule_runs_past_midnight() -> None:
    """Opening at 19:00 and closing at 07:00 on Fridays: open Friday night and Saturday morning only."""
    hours = Hours.model_validate(
        {"days": ["fri"], "opens": "19:00", "closes": "07:00", "time_zone": "Europe/Dublin"}
    )
    dublin = ZoneInfo("Europe/Dublin")
    assert hours.is_open(dt.datetime(2026, 12, 4, 23, 0, tzinfo=dublin))
    assert hours.is_open(dt.datetime(2026, 12, 5, 6, 59, tzinfo=dublin))
    assert not hours.is_open(dt.datetime(2026, 12, 5, 7, 0, tzinfo=dublin))
    assert not hours.is_open(dt.datetime(2026, 12, 4, 6, 0, tzinfo=dublin))  # Friday morning


@given(st.datetimes(timezones=st.timezones()))
def test_always_open_is_open_at_every_aware_time(at: dt.datetime) -> None:
    """A 24/7 line is never shown as closed."""
    assert Hours(always=True).is_open(at)


def test_a_naive_time_is_refused_with_our_error() -> None:
    """Opening hours mean nothing without a time zone: refused, naming what is missing."""
    with pytest.raises(ArgumentError, match="aware datetime"):
        Hours(always=True).is_open(dt.datetime(2026, 12, 7, 12, 0))


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown time zone 'Mars/Olympus'"):
        _hours(opens="10:00", closes="22:00", time_zone="Mars/Olympus")


def test_age_ranges_are_ordered_and_not_empty() -> None:
    assert AgeRange(min=5, max=25).max == 25
    with pytest.raises(ValidationError, match="above max"):
        AgeRange(min=25, max=5)
    with pytest.raises(ValidationError, match="min, max or both"):
        AgeRange()


def test_dial_is_what_the_link_dials() -> None:
    """A freephone number whose E.164 form does not dial from a domestic phone links to ``dial``."""
    contact = Contact.model_validate(
        {
            "mode": "call",
            "value": "+3531800247247",
            "dial": "1800247247",
            "display": "1800 247 247",
            "hours": {"always": True},
            "cost": "free",
        }
    )
    assert contact.href == "tel:1800247247"
    assert contact.model_copy(update={"dial": None}).href == "tel:+3531800247247"


def test_languages_and_opening_come_from_every_contact(make_pack: Callable[..., Path]) -> None:
    """A service answers in its own languages and in any contact's; it is open when a contact is."""
    root = make_pack(
        {"data/crisis/US.yaml": "services:\n" + _service(contact=", languages: [en, es], interpreters: true")}
    )
    service = load_yaml_pack(root).crisis_services[0]
    assert service.all_languages == ("en", "es")
    assert service.answers_in("es_MX") and not service.answers_in("ar")
    assert service.is_open(dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC))
    assert service.contacts[0].interpreters


def test_region_notes_load_with_the_file(make_pack: Callable[..., Path]) -> None:
    """``checked`` and ``unconfirmed`` record where a reviewer starts, for the file's region."""
    text = "checked: 2026-12-05\nunconfirmed: [The chat's hours.]\nservices:\n" + _service()
    notes = load_yaml_pack(make_pack({"data/crisis/US.yaml": text})).crisis_regions
    assert [(n.region, n.checked.isoformat(), n.unconfirmed) for n in notes] == [
        ("US", "2026-12-05", ("The chat's hours.",))
    ]


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        (
            "services:\n"
            + _service("us-a", extra="    primary: true\n")
            + _service("us-b", extra="    primary: true\n"),
            "services.1.primary",
            "US already has a primary line: 'us-a'",
        ),
        (
            "services:\n" + _service("us-a", extra="    shown_with: [us-nope]\n"),
            "services.0.shown_with.0",
            "no other service 'us-nope' in region US",
        ),
        (
            "services:\n"
            + _service("us-a", extra="    shown_with: [ca-b]\n")
            + _service("ca-b", region="CA"),
            "services.0.shown_with.0",
            "no other service 'ca-b' in region US",
        ),
        (
            "checked: 2026-12-05\nservices:\n" + _service("us-a") + _service("ca-b", region="CA"),
            "checked",
            "every service of the file in one region",
        ),
        ("sources: []\nservices:\n" + _service(), "", "expected a mapping with the key 'services'"),
    ],
)
def test_crisis_file_problems_name_file_line_and_field(
    make_pack: Callable[..., Path], text: str, field: str, message: str
) -> None:
    root = make_pack({"data/crisis/US.yaml": text})
    with pytest.raises(ContentError) as caught:
        load_yaml_pack(root, label="")
    found = [(e.path, e.field, e.line is not None) for e in caught.value.errors if message in e.message]
    assert found == [("data/crisis/US.yaml", field, True)], caught.value.errors


_EMERGENCY = """\
regions:
  - region: US
    numbers: [{number: "911", services: [general]}]
    sources: [{title: t, kind: secondary, url: "https://example.org/a", accessed: 2026-12-05}]
    confidence: medium
  - region: DE
    numbers:
      - {number: "110", services: [police]}
      - {number: "112", services: [ambulance, fire]}
    sources: [{title: t, kind: secondary, url: "https://example.org/b", accessed: 2026-12-05}]
    confidence: medium
    waivers: {"110": a reason}
"""


def test_emergency_numbers_load_and_the_medical_number_comes_first(make_pack: Callable[..., Path]) -> None:
    content = load_yaml_pack(make_pack({"data/emergency/world.yaml": _EMERGENCY}))
    by_region = {e.region: e for e in content.emergency_numbers}
    assert by_region["US"].first.number == "911"
    assert by_region["DE"].first.number == "112"
    assert by_region["DE"].first.href == "tel:112"
    assert [(w.number, w.reason) for w in by_region["DE"].waivers] == [("110", "a reason")]


@pytest.mark.parametrize(
    ("replace", "field", "message"),
    [
        ('number: "911"', "regions.0.numbers.0.number", "String should match pattern"),
        ("services: [general]", "regions.0.numbers.0.services.1", "Input should be"),
        ('waivers: {"110"', "regions.1", "waiver for a number that is not listed: 999"),
        ("region: DE", "regions.1.region", "duplicate region id 'US'"),
    ],
)
def test_emergency_file_problems_name_file_line_and_field(
    make_pack: Callable[..., Path], replace: str, field: str, message: str
) -> None:
    broken = {
        'number: "911"': 'number: "9-1-1"',
        "services: [general]": "services: [general, coastguard]",
        'waivers: {"110"': 'waivers: {"999"',
        "region: DE": "region: US",
    }[replace]
    root = make_pack({"data/emergency/world.yaml": _EMERGENCY.replace(replace, broken, 1)})
    with pytest.raises(ContentError) as caught:
        load_yaml_pack(root, label="")
    found = [(e.path, e.field) for e in caught.value.errors if message in e.message]
    assert found == [("data/emergency/world.yaml", field)], caught.value.errors
    assert all(e.line is not None for e in caught.value.errors)


def test_a_later_pack_overrides_a_region_and_a_service(make_pack: Callable[..., Path]) -> None:
    """A host's pack replaces the built-in emergency numbers of a region and a service with the same id."""
    built_in = dtol.load()
    service = built_in.crisis_services("US")[0]
    text = "services:\n" + _service(service.id).replace("name: X", "name: Host line")
    root = make_pack(
        {
            "data/crisis/US.yaml": text,
            "data/emergency/us.yaml": _EMERGENCY.split("  - region: DE", maxsplit=1)[0].replace(
                '"911"', '"999"'
            ),
        }
    )
    library = dtol.load(root)
    assert library.emergency_numbers("us") is not None
    assert library.emergency_numbers("US").first.number == "999"  # type: ignore[union-attr]
    names = [s.name for s in library.crisis_services("US") if s.id == service.id]
    assert names == ["Host line"]
    assert library.emergency_numbers(None) is None
    assert library.emergency_numbers("ZZ") is None
    with pytest.raises(dtol.UnknownRegionError):
        library.emergency_numbers(12)  # type: ignore[arg-type]


def test_the_primary_line_comes_first(make_pack: Callable[..., Path]) -> None:
    text = "services:\n" + _service("us-a") + _service("us-b", extra="    primary: true\n")
    library = dtol.load(make_pack({"data/crisis/US.yaml": text}), builtin=False)
    assert [s.id for s in library.crisis_services("US")] == ["us-b", "us-a"]


def test_emergency_numbers_json_schema_round_trips() -> None:
    """The published schema's model accepts what it dumps."""
    item = EmergencyNumbers.model_validate(
        {
            "region": "FR",
            "numbers": [
                {"number": "15", "services": ["ambulance"]},
                {"number": "112", "services": ["general"]},
            ],
            "sources": [{"title": "t", "kind": "official", "url": "https://example.org/x"}],
            "confidence": "high",
        }
    )
    assert EmergencyNumbers.model_validate(item.model_dump(mode="json")) == item
    assert item.first.number == "112"


def test_markdown_escapes_host_crisis_data(make_pack: Callable[..., Path]) -> None:
    """Names, numbers and notes from a pack are text in Markdown: no emphasis, link or heading."""
    from markdown_it import MarkdownIt

    hostile = _service().replace('display: "123"', 'display: "1 *23* 4", note: "988 _x_"')
    hostile = hostile.replace("name: X", 'name: "Line *one* [a](http://b)"')
    hostile = hostile.replace("hours: {always: true}", 'hours: {always: true, note: "# heading"}')
    library = dtol.load(make_pack({"data/crisis/US.yaml": "services:\n" + hostile}), builtin=False)
    out = dtol.Renderer(library).render_crisis(format="markdown", region="US")
    tokens = MarkdownIt().parse(out)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"em_open", "link_open"}
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h2"]  # the route's own heading only
    assert "Line *one* [a](http://b)" in "".join(c.content for t in tokens for c in t.children or [])
