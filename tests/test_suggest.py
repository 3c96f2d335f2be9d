"""Choosing a skill for the moment: the rules at their boundaries, as properties, rendered and on the CLI."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance._content.pack import Pack, builtin_pack
from distress_tolerance._i18n.catalog import _build, _cache
from distress_tolerance._i18n.catalog_files import catalog_path
from distress_tolerance._i18n.locale import parse_locale
from distress_tolerance._render.suggest import (
    BODY_TAGS,
    HIGH_DISTRESS,
    LOW_DISTRESS,
    QUICK_MINUTES,
    REACH_OUT_DISTRESS,
    Suggestion,
    SuggestionReason,
    Suggestions,
    allowed,
    choose,
    suggest,
)
from distress_tolerance.cli import main
from distress_tolerance.exceptions import LocaleFallbackWarning
from distress_tolerance.library import Library
from distress_tolerance.localized import LocalizedText, TextStatus
from distress_tolerance.models import CautionKind, Moment, ReviewStatus, Setting, Technique
from tests.htmlcheck import injected, parse
from tests.strategies import PAYLOADS, VALID_PAYLOADS, when_to_use

TEMPLATES = Path(dt.__file__).parent / "templates"
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def make(
    technique_id: str = "sample",
    *,
    low: int = 0,
    high: int = 10,
    moments: tuple[str, ...] = ("crisis",),
    settings: tuple[str, ...] = ("private", "public"),
    discreet: bool = True,
    minutes: int = 5,
    tags: tuple[str, ...] = (),
) -> Technique:
    """A valid technique with the given ``when`` and tags."""
    return Technique.model_validate(
        {
            "id": technique_id,
            "version": 1,
            "title": technique_id,
            "summary": "A summary.",
            "why": "Because.",
            "category": "crisis-survival",
            "tags": tags,
            "when": {
                "distress": {"min": low, "max": high},
                "moments": moments,
                "settings": settings,
                "discreet": discreet,
                "minutes": minutes,
            },
            "steps": [{"id": "one", "text": "Do one thing."}],
            "sources": [{"citation": "A book.", "use": "concept"}],
            "review": {"status": "draft", "written": "2026-11-26"},
        }
    )


def ids(choices: tuple[Any, ...]) -> list[str]:
    """The technique ids of choices, in order."""
    return [c.technique.id for c in choices]


# --- the rules at their boundaries -------------------------------------------------------------


def test_thresholds_are_the_documented_ones() -> None:
    """The named thresholds have the values the docs and CLI help describe."""
    assert (LOW_DISTRESS, HIGH_DISTRESS, REACH_OUT_DISTRESS, QUICK_MINUTES) == (3, 7, 9, 2)
    assert {"body", "breathing", "tipp"} == BODY_TAGS


def test_calm_only_skills_leave_at_high_distress() -> None:
    """A practise-when-calm skill is suggested at 6 but not at 7; a crisis skill stays."""
    calm = make("calm-only", moments=("calm",))
    both = make("both", moments=("calm", "crisis"))
    below = choose([calm, both], distress=HIGH_DISTRESS - 1, minutes=10, setting="private")
    at = choose([calm, both], distress=HIGH_DISTRESS, minutes=10, setting="private")
    assert sorted(ids(below)) == ["both", "calm-only"]
    assert ids(at) == ["both"]


def test_body_skills_come_first_from_high_distress() -> None:
    """At 7 a body-tagged crisis skill outranks a quicker untagged one; at 6 time decides."""
    body = make("body-skill", minutes=10, tags=("breathing",))
    other = make("other-skill", minutes=3)
    assert ids(choose([other, body], distress=HIGH_DISTRESS, minutes=10, setting="private")) == [
        "body-skill",
        "other-skill",
    ]
    assert ids(choose([other, body], distress=HIGH_DISTRESS - 1, minutes=10, setting="private")) == [
        "other-skill",
        "body-skill",
    ]


def test_a_body_tag_on_a_calm_only_skill_does_not_make_it_fast() -> None:
    """Body tags only count for skills meant for a crisis."""
    calm_body = make("calm-body", moments=("calm",), tags=("body",))
    assert choose([calm_body], distress=HIGH_DISTRESS, minutes=10, setting="private") == ()


def test_quick_crisis_skills_count_as_fast_up_to_quick_minutes() -> None:
    """A crisis skill of QUICK_MINUTES is fast-acting (STOP); one minute longer is not."""
    quick = make("quick", minutes=QUICK_MINUTES)
    longer = make("longer", minutes=QUICK_MINUTES + 1)
    (first,) = choose([quick], distress=8, minutes=10, setting="private")
    (second,) = choose([longer], distress=8, minutes=10, setting="private")
    assert first.reasons == (SuggestionReason.QUICK_PAUSE,)
    assert second.reasons == (SuggestionReason.FOR_STRONG_FEELINGS,)


def test_minutes_are_an_upper_bound() -> None:
    """A 5-minute skill fits 5 minutes and not 4."""
    five = make("five", minutes=5)
    assert ids(choose([five], distress=5, minutes=5, setting="private")) == ["five"]
    assert choose([five], distress=5, minutes=4, setting="private") == ()


@pytest.mark.parametrize(("distress", "expected"), [(2, False), (3, True), (6, True), (7, False)])
def test_distress_range_is_inclusive(distress: int, expected: bool) -> None:
    """A 3-6 skill suits 3 and 6, not 2 or 7."""
    technique = make(low=3, high=6, moments=("crisis", "calm"))
    assert allowed(technique, distress=distress, minutes=60, setting=Setting.PRIVATE) is expected


@pytest.mark.parametrize(
    ("settings", "discreet", "setting", "expected"),
    [
        (("private", "public"), True, "public", True),
        (("private", "public"), False, "public", False),
        (("private",), True, "public", False),
        (("private",), False, "private", True),
        (("public",), True, "private", False),
        (("private", "public"), False, "private", True),
    ],
)
def test_settings_and_discretion(
    settings: tuple[str, ...], discreet: bool, setting: str, expected: bool
) -> None:
    """In public a skill must list public and be discreet; in private it must list private."""
    technique = make(settings=settings, discreet=discreet)
    assert allowed(technique, distress=5, minutes=60, setting=Setting(setting)) is expected


def test_public_adds_the_discreet_reason() -> None:
    """Every suggestion in public says it can be done without others noticing; never in private."""
    technique = make()
    (public,) = choose([technique], distress=5, minutes=10, setting="public")
    (private,) = choose([technique], distress=5, minutes=10, setting="private")
    assert public.reasons == (SuggestionReason.FOR_STRONG_FEELINGS, SuggestionReason.DISCREET)
    assert private.reasons == (SuggestionReason.FOR_STRONG_FEELINGS,)


def test_low_distress_puts_practice_first() -> None:
    """At 3 a skill to practise while calm leads; at 4 a crisis skill does."""
    practice = make("practice", moments=("calm", "crisis"), minutes=10)
    crisis = make("crisis-only", moments=("crisis",), minutes=10)
    low = choose([crisis, practice], distress=LOW_DISTRESS, minutes=10, setting="private")
    middle = choose([practice, crisis], distress=LOW_DISTRESS + 1, minutes=10, setting="private")
    assert [(c.technique.id, c.reasons[0]) for c in low] == [
        ("practice", SuggestionReason.PRACTISE_WHEN_CALM),
        ("crisis-only", SuggestionReason.FITS_LEVEL),
    ]
    assert [c.reasons[0] for c in middle] == [
        SuggestionReason.FOR_STRONG_FEELINGS,
        SuggestionReason.FOR_STRONG_FEELINGS,
    ]
    calm = make("calm-only", moments=("calm",), minutes=1)
    assert [c.technique.id for c in choose([calm, crisis], distress=5, minutes=10, setting="private")] == [
        "crisis-only",
        "calm-only",
    ]


def test_ties_break_on_minutes_then_range_then_id() -> None:
    """Within a tier: quicker first, then the range reaching higher distress, then id."""
    items = [
        make("b", high=8, minutes=5),
        make("a", high=8, minutes=5),
        make("c", high=10, minutes=5),
        make("d", high=10, minutes=2),
    ]
    assert ids(choose(items, distress=5, minutes=10, setting="private")) == ["d", "c", "a", "b"]


@pytest.mark.parametrize(
    ("distress", "minutes", "setting"),
    [(-1, 5, "private"), (11, 5, "private"), (True, 5, "private"), (5, 0, "private"), (5, 5, "outside")],
)
def test_invalid_arguments_raise_value_error(distress: Any, minutes: Any, setting: str) -> None:
    """Out-of-range levels, no time and unknown settings are refused with ValueError."""
    with pytest.raises(ValueError, match=r"distress|minutes|setting"):
        choose([make()], distress=distress, minutes=minutes, setting=setting)


@pytest.mark.parametrize(
    ("distress", "expected"), [(REACH_OUT_DISTRESS - 1, False), (REACH_OUT_DISTRESS, True)]
)
def test_reach_out_flag_at_the_top_of_the_scale(library: dt.Library, distress: int, expected: bool) -> None:
    """The result suggests reaching out now from REACH_OUT_DISTRESS up, not below."""
    assert suggest(library, distress=distress, minutes=10, setting="private").reach_out_now is expected


# --- the built-in content ----------------------------------------------------------------------


def test_builtin_high_distress_private_starts_with_fast_body_skills(library: dt.Library) -> None:
    """At 8 in private with 10 minutes: STOP, paced breathing and TIPP lead, quickest first."""
    result = suggest(library, distress=8, minutes=10, setting="private", region="US")
    assert [item.id for item in result.items[:3]] == ["stop", "paced-breathing", "tipp"]
    assert all(Moment.CRISIS in library.lookup(item.id).when.moments for item in result.items)
    assert result.region == "US" and result.services[0].region == "US"


def test_builtin_high_distress_in_public_leaves_out_tipp(library: dt.Library) -> None:
    """TIPP cannot be done discreetly: it is not suggested in public."""
    result = suggest(library, distress=8, minutes=30, setting="public")
    found = [item.id for item in result.items]
    assert "tipp" not in found and "paired-muscle-relaxation" not in found
    assert found[:2] == ["stop", "paced-breathing"]
    assert all(SuggestionReason.DISCREET in item.reasons for item in result.items)


def test_no_fitting_skill_still_gives_the_crisis_route(library: dt.Library, renderer: dt.Renderer) -> None:
    """One minute fits nothing: no items, and the crisis route is still there."""
    result = suggest(library, distress=10, minutes=1, setting="public", region="GB")
    assert result.items == () and result.reach_out_now
    assert [s.region for s in result.services] == ["GB"] * len(result.services) and result.services
    text = renderer.render_suggestions(result)
    assert "None of the skills here fits" in text and result.services[0].contacts[0].display in text


def test_suggestions_are_localized_and_the_region_follows_the_locale(library: dt.Library) -> None:
    """es_MX: Spanish titles and Mexico's services."""
    result = suggest(library, distress=5, minutes=10, setting="private", locale="es_MX")
    assert result.locale == "es_MX" and result.lang == "es-MX" and result.region == "MX"
    assert all(item.title.lang == "es" for item in result.items)
    assert {s.region for s in result.services} == {"MX"}


def test_no_region_gives_no_services(library: dt.Library) -> None:
    """English without a region: no guessed country."""
    result = suggest(library, distress=5, minutes=10, setting="private")
    assert result.region is None and result.services == ()


def test_json_round_trip(library: dt.Library) -> None:
    """The result is a frozen model whose JSON validates back to an equal value."""
    result = suggest(library, distress=7, minutes=15, setting="public", region="DE")
    assert Suggestions.model_validate_json(result.model_dump_json()) == result
    with pytest.raises(ValueError, match="frozen"):
        result.distress = 1  # type: ignore[misc]


# --- properties ---------------------------------------------------------------------------------

levels = st.integers(0, 10)
times = st.integers(1, 130)
places = st.sampled_from(Setting)


def _satisfies(technique: Technique, distress: int, minutes: int, setting: Setting) -> bool:
    when = technique.when
    return (
        when.distress.min <= distress <= when.distress.max
        and when.minutes <= minutes
        and setting in when.settings
        and (setting is Setting.PRIVATE or when.discreet)
        and not (distress >= HIGH_DISTRESS and set(when.moments) == {Moment.CALM})
    )


@st.composite
def light_techniques(draw: st.DrawFn) -> Technique:
    """A technique whose ``when`` and tags vary (the only fields the rules read)."""
    when = draw(when_to_use)
    tags = draw(
        st.lists(st.sampled_from([*sorted(BODY_TAGS), "urges", "grounding"]), unique=True, max_size=3)
    )
    return make(
        f"t-{draw(st.integers(0, 999))}",
        low=when.distress.min,
        high=when.distress.max,
        moments=tuple(m.value for m in when.moments),
        settings=tuple(s.value for s in when.settings),
        discreet=when.discreet,
        minutes=when.minutes,
        tags=tuple(tags),
    )


@given(st.lists(light_techniques(), max_size=12, unique_by=lambda t: t.id), levels, times, places)
def test_property_choices_satisfy_every_constraint(
    items: list[Technique], distress: int, minutes: int, setting: Setting
) -> None:
    """For any techniques and inputs: exactly the fitting ones are chosen, calm-only never at high
    distress, fast-acting ones first at high distress, and every choice has reasons."""
    chosen = choose(items, distress=distress, minutes=minutes, setting=setting)
    assert sorted(ids(chosen)) == sorted(t.id for t in items if _satisfies(t, distress, minutes, setting))
    for choice in chosen:
        assert choice.reasons and (SuggestionReason.DISCREET in choice.reasons) == (setting is Setting.PUBLIC)
    if distress >= HIGH_DISTRESS:
        fast = [c.reasons[0] in {SuggestionReason.ACTS_ON_BODY, SuggestionReason.QUICK_PAUSE} for c in chosen]
        assert fast == sorted(fast, reverse=True)
        assert all(Moment.CRISIS in c.technique.when.moments for c in chosen)


@given(
    levels, times, places, st.sampled_from(["en", "es", "ar", "pt_BR"]), st.sampled_from([None, "US", "JP"])
)
def test_property_builtin_suggestions(
    distress: int, minutes: int, setting: Setting, locale: str, region: str | None
) -> None:
    """For any inputs over the built-in content: constraints hold and the crisis route is attached."""
    library = dt.load()
    result = suggest(
        library, distress=distress, minutes=minutes, setting=setting, locale=locale, region=region
    )
    for item in result.items:
        assert _satisfies(library.lookup(item.id), distress, minutes, setting)
        assert item.minutes <= minutes
    assert result.reach_out_now is (distress >= REACH_OUT_DISTRESS)
    assert result.region == library.region_for(parse_locale(locale), region)
    assert result.services == library.crisis_services(result.region)


# --- rendering ---------------------------------------------------------------------------------


def _fake(
    reasons: tuple[SuggestionReason, ...], *, text: str = "Title", reach_out: bool = False, draft: bool = True
) -> Suggestions:
    """Suggestions built directly: one item per reason tuple, hostile text allowed."""
    localized = LocalizedText(text=text, lang="en", status=TextStatus.SOURCE)
    return Suggestions(
        distress=9 if reach_out else 5,
        minutes=10,
        setting=Setting.PUBLIC,
        locale="en",
        lang="en",
        dir="ltr",
        reach_out_now=reach_out,
        items=(
            Suggestion(
                id="x-1",
                title=localized,
                summary=localized,
                category="crisis-survival",
                minutes=3,
                review_status=ReviewStatus.DRAFT if draft else ReviewStatus.REVIEWED,
                cautions=(CautionKind.MEDICAL,),
                reasons=reasons,
            ),
        ),
        region=None,
        services=(),
    )


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_every_reason_code_has_its_own_sentence(renderer: dt.Renderer, fmt: str) -> None:
    """Each SuggestionReason renders to a distinct, non-empty sentence in both templates."""
    base = renderer.render_suggestions(_fake(()), format=fmt)
    sentences = set()
    for reason in SuggestionReason:
        out = renderer.render_suggestions(_fake((reason,)), format=fmt)
        extra = out.replace(base, "")
        assert len(out) > len(base) + 20, reason
        sentences.add(extra)
    assert len(sentences) == len(SuggestionReason)


@pytest.mark.parametrize("region", ["US", None])
def test_text_ends_with_the_crisis_route(
    library: dt.Library, renderer: dt.Renderer, region: str | None
) -> None:
    """The text rendering ends with render_crisis for the region (988 for US, else local emergency)."""
    result = suggest(library, distress=9, minutes=10, setting="private", region=region)
    text = renderer.render_suggestions(result)
    crisis = renderer.render_crisis(locale="en", region=region)
    assert text.endswith(crisis)
    assert text.index("Skills to try now") < text.index("If you need help now")
    assert ("988" in text) is (region == "US")
    assert text.index("Your distress is very high") < text.index("1. ")  # the invitation comes first


@pytest.mark.parametrize("level", [1, 3, 5])
def test_html_structure(library: dt.Library, renderer: dt.Renderer, level: int) -> None:
    """HTML: one root with lang and dir, headings from the base level without skips, crisis route inside."""
    result = suggest(library, distress=9, minutes=10, setting="private", locale="ar", region="US")
    html = renderer.render_suggestions(result, format="html", heading_level=level)
    parsed = parse(html)
    assert parsed.root["lang"] == "ar" and parsed.root["dir"] == "rtl"
    assert parsed.headings[0] == level and set(parsed.headings) == {level, level + 1}
    assert injected(html) == []
    assert "988" in html and html.rstrip().endswith("</section>\n</section>")


@given(st.sampled_from(VALID_PAYLOADS), st.sampled_from(["text", "html"]), st.booleans())
def test_property_hostile_titles_render_safely(
    renderer: dt.Renderer, payload: str, fmt: str, draft: bool
) -> None:
    """Hostile titles and summaries never become markup."""
    out = renderer.render_suggestions(
        _fake((SuggestionReason.ACTS_ON_BODY,), text=payload, reach_out=True, draft=draft),
        format=fmt,
        commands={"x-1": payload},
    )
    if fmt == "html":
        assert injected(out) == []
    else:
        assert payload in out and CONTROL.search(out) is None


def _ui_messages() -> list[str | tuple[str, ...]]:
    found: list[str | tuple[str, ...]] = []
    for name in ("text/suggest.txt", "html/suggest.html"):
        with (TEMPLATES / name).open("rb") as fileobj:
            found += [message for _, message, _, _ in extract("jinja2", fileobj)]
    return found


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_hostile_ui_translations_render_safely(tmp_path: Path, library: dt.Library, fmt: str) -> None:
    """A catalog translating every suggest string to a payload: nothing injected, output still ends
    with the crisis route."""
    payloads = [p for p in PAYLOADS if "%" not in p]  # keeps the placeholders check from rejecting them
    entries: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
        ("", ("",), ("Plural-Forms: nplurals=2; plural=(n != 1);",))
    ]
    for index, message in enumerate(_ui_messages()):
        ids_ = message if isinstance(message, tuple) else (message,)
        names = "".join(sorted({f"%({n})s" for n in ("n", "level", "command") if f"%({n})s" in ids_[0]}))
        strs = tuple(payloads[(index + i) % len(payloads)] + names for i in range(len(ids_)))
        entries.append((ids_[0], ids_, strs))
    pack = Pack(tmp_path, "evil")
    po = catalog_path(pack.locales_dir, "eo", ".po")
    po.parent.mkdir(parents=True, exist_ok=True)
    po.touch()  # a library lists the catalogs on disk; the one it reads is the one cached here
    catalog = _build(entries, "eo", str(po))
    _cache[(str(pack.locales_dir), "eo")] = ((None, None), catalog)  # (file signature, catalog)
    evil = Library(((pack, builtin_pack().read()),))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LocaleFallbackWarning)  # the content itself has no eo catalog
        result = suggest(evil, distress=9, minutes=10, setting="public", locale="eo", region="US")
        commands = {item.id: f"show {item.id}" for item in result.items}
        out = dt.Renderer(evil, cache_size=0).render_suggestions(result, format=fmt, commands=commands)
    if fmt == "html":
        assert injected(out) == [] and "&lt;" in out
    else:
        assert CONTROL.search(out) is None and "<script>" in out  # shown as plain text
    assert "988" in out


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_health_cautions_and_commands_are_shown(library: dt.Library, renderer: dt.Renderer, fmt: str) -> None:
    """A skill with a medical caution says so (TIPP), one without does not (STOP); commands show per item."""
    result = suggest(library, distress=8, minutes=10, setting="private")
    by_id = {item.id: item for item in result.items}
    assert CautionKind.MEDICAL in by_id["tipp"].cautions and CautionKind.MEDICAL not in by_id["stop"].cautions
    commands = {item.id: f"open {item.id}" for item in result.items}
    out = renderer.render_suggestions(result, format=fmt, commands=commands)
    note = "It has a health caution: read it before you start."
    medical = sum(CautionKind.MEDICAL in item.cautions for item in result.items)
    assert out.count(note) == medical >= 1
    stop, tipp = out.index("See the steps: open stop"), out.index("See the steps: open tipp")
    assert out.index(note, stop) < tipp  # the note belongs to an item after STOP, not to STOP
    assert all(f"See the steps: open {key}" in out for key in by_id)
    assert "See the steps" not in renderer.render_suggestions(result, format=fmt)


def test_unknown_format_and_level_are_render_errors(library: dt.Library, renderer: dt.Renderer) -> None:
    """Only text and html, and heading levels 1 to 5."""
    result = suggest(library, distress=5, minutes=5, setting="private")
    with pytest.raises(dt.RenderError, match="format"):
        renderer.render_suggestions(result, format="pdf")
    with pytest.raises(dt.RenderError, match="heading_level"):
        renderer.render_suggestions(result, format="html", heading_level=6)


# --- CLI ---------------------------------------------------------------------------------------


def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    """suggest prints ranked skills with reasons and ends with the crisis lines."""
    assert (
        main(["suggest", "--distress", "8", "--minutes", "10", "--setting", "private", "--region", "US"]) == 0
    )
    out = capsys.readouterr().out
    assert out.index("1. STOP") < out.index("2. Paced breathing") < out.index("3. TIPP")
    assert "It works through your body" in out
    assert "See the steps: distress-tolerance show tipp --region US" in out
    route = out[out.index("If you need help now") :]  # the crisis route comes last
    assert out.index("3. TIPP") < out.index("If you need help now")
    assert "Call: 988" in route and "62640" in route  # the first and the last US service
    assert route.rstrip().splitlines()[-1].startswith("What happens when you reach out:")


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json gives the Suggestions model."""
    assert (
        main(
            [
                "suggest",
                "--distress",
                "9",
                "--minutes",
                "5",
                "--setting",
                "public",
                "--format",
                "json",
                "--locale",
                "de_DE",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["reach_out_now"] is True and data["region"] == "DE"
    assert data["items"] and all("discreet" in item["reasons"] for item in data["items"])
    assert Suggestions.model_validate(data).region == "DE"


def test_cli_without_region_lists_regions(capsys: pytest.CaptureFixture[str]) -> None:
    """No region: local emergency advice and the regions to choose from."""
    assert main(["suggest", "--distress", "4", "--minutes", "5", "--setting", "private"]) == 0
    out = capsys.readouterr().out
    assert "local emergency number" in out
    assert f"Regions with crisis lines: {', '.join(dt.load().regions())} (use --region)" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--distress", "11", "--minutes", "5", "--setting", "private"],
        ["--distress", "5", "--minutes", "0", "--setting", "private"],
        ["--distress", "5", "--minutes", "5", "--setting", "outside"],
        ["--distress", "5", "--minutes", "5"],
    ],
)
def test_cli_rejects_bad_arguments(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    """Bad arguments are usage errors (exit 2)."""
    with pytest.raises(SystemExit) as caught:
        main(["suggest", *args])
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err
