"""A locale never fails a render: any well-formed locale falls back (language, then English) on
every public path; a malformed one, or any other value, raises UnknownLocaleError. Regions are
validated with close matches. LocaleFallbackWarning names pack and technique and points at us."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance._i18n.locale import ISO_REGIONS, check_region
from distress_tolerance.exceptions import UnknownRegionError
from distress_tolerance.player import cues_to_ssml, cues_to_text, timeline
from distress_tolerance.render import FORMATS

# Well-formed, unknown to CLDR or to our catalogs, with BCP 47 variants, extensions and scripts.
UNKNOWN = ["xx", "tlh", "qq_ZZ", "de-DE-1996", "zh-Hant-TW", "sr-Latn", "en-US-u-ca-gregory", "qaa-x-private"]
CRISIS_FORMATS = ("text", "markdown", "html", "page")


def _every_path(renderer: dt.Renderer, locale: Any) -> list[str]:
    """Every public way to turn a locale into output, each as text."""
    library = renderer.library
    out = [renderer.render("stop", format=fmt, locale=locale) for fmt in FORMATS]
    out += [renderer.render_crisis(format=fmt, locale=locale) for fmt in CRISIS_FORMATS]
    out.append("\n".join(renderer.messages("stop", locale=locale)))
    out.append(renderer.crisis_route(locale).instruction)
    out.append(str(renderer.context(locale)["lang_tag"]))
    found = dt.suggest(library, distress=5, minutes=5, setting="private", locale=locale)
    out += [renderer.render_suggestions(found, format=fmt) for fmt in ("text", "html")]
    localized = library.localize("paced-breathing", locale)
    cues = timeline(localized, translator=library.translator(None, localized.locale))
    out += [cues_to_text(cues), cues_to_ssml(cues, lang=localized.lang)]
    out.append(dt.draw_reframe(library, locale=locale).kinder.text)
    return out


@pytest.mark.parametrize("locale", UNKNOWN)
def test_well_formed_unknown_locale_renders_everywhere(renderer: dt.Renderer, locale: str) -> None:
    """Every format and API renders; text the catalogs lack is English, the rest its language's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dt.LocaleFallbackWarning)
        outputs = _every_path(renderer, locale)
        localized = renderer.library.localize("stop", locale)
    assert all(isinstance(text, str) and text.strip() for text in outputs)
    language = dt.parse_locale(locale).split("_")[0]
    if language == "de":  # a catalog of its language: German, under the reader's own tag
        assert (localized.title.lang, localized.lang) == ("de", "de-DE")
        assert localized.title.text == renderer.library.localize("stop", "de").title.text
    else:
        assert localized.lang == ("en-US" if language == "en" else "en")
        assert localized.title.text == renderer.library.lookup("stop").title


def test_well_formed_unknown_locale_exports(tmp_path: Path, library: dt.Library) -> None:
    """``export`` writes a full bundle for a locale nobody translated."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dt.LocaleFallbackWarning)
        written = dt.export(library, tmp_path / "out", locale="qq_ZZ", format="json")
    assert len(written) > len(library)
    index = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    assert index["locale"] == "qq_ZZ"


@pytest.mark.parametrize(
    "args",
    [
        ["show", "stop", "--locale", "tlh"],
        ["show", "stop", "--locale", "qq_ZZ", "--format", "compact"],
        ["show", "stop", "--locale", "de-DE-1996", "--format", "markdown"],
        ["show", "stop", "--locale", "zh-Hant-TW", "--format", "ssml"],
        ["crisis", "--locale", "sr-Latn"],
        ["list", "--locale", "xx"],
    ],
)
def test_cli_falls_back_without_a_traceback(args: list[str]) -> None:
    """The CLI warns once and renders: exit 0, no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "distress_tolerance", *args], capture_output=True, text=True, check=False
    )
    assert (done.returncode, "Traceback" in done.stderr) == (0, False), done.stderr
    assert done.stdout.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "stop", "--region", "usa"], "did you mean US"),
        (["crisis", "--region", "uk"], "did you mean GB"),
        (["crisis", "--region", "XX"], "not an ISO 3166-1 region code: 'XX'"),
        (["crisis", "--region", "../x"], "not an ISO 3166-1 region code"),
    ],
)
def test_cli_rejects_a_mistyped_region(args: list[str], message: str) -> None:
    """A usage error (exit 2) that says what is wrong and what was probably meant."""
    done = subprocess.run(
        [sys.executable, "-m", "distress_tolerance", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


# Tag-like strings: subtags of letters and digits joined by - or _, plus stray characters.
_SUBTAG = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", max_size=9)
TAGS = st.builds(
    lambda parts, sep: sep.join(parts),
    st.lists(_SUBTAG, min_size=1, max_size=8),
    st.sampled_from(["-", "_", "-_", ".", "/", " "]),
)
ANY_LOCALE = st.one_of(st.text(), TAGS, st.sampled_from(UNKNOWN), st.integers(), st.none(), st.binary())


@given(value=ANY_LOCALE)
def test_parse_succeeds_or_raises_unknown_locale_error(value: object) -> None:
    """parse_locale returns a normal form (stable when parsed again) or raises our error."""
    try:
        normal = dt.parse_locale(value)
    except dt.UnknownLocaleError as exc:
        assert exc.identifier is value
        return
    assert isinstance(normal, str) and dt.parse_locale(normal) == normal
    assert "/" not in normal and "." not in normal and len(normal) <= 12


@given(value=ANY_LOCALE)
def test_every_render_path_renders_or_raises_unknown_locale_error(
    renderer: dt.Renderer, value: object
) -> None:
    """Whatever the locale: output on every public path, or UnknownLocaleError; nothing else."""
    try:
        dt.parse_locale(value)
    except dt.UnknownLocaleError:
        well_formed = False
    else:
        well_formed = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dt.LocaleFallbackWarning)
        for path in _paths():
            try:
                out = path(renderer, value)
            except dt.UnknownLocaleError:
                assert not well_formed
            else:
                assert well_formed and isinstance(out, str) and out


def _paths() -> list[Callable[[dt.Renderer, Any], str]]:
    def suggest(r: dt.Renderer, locale: Any) -> str:
        found = dt.suggest(r.library, distress=8, minutes=3, setting="public", locale=locale)
        return r.render_suggestions(found, format="text")

    def player(r: dt.Renderer, locale: Any) -> str:
        localized = r.library.localize("paced-breathing", locale)
        return cues_to_text(timeline(localized, translator=r.library.translator(None, locale)))

    return [
        *(lambda r, loc, fmt=fmt: r.render("stop", format=fmt, locale=loc) for fmt in FORMATS),
        lambda r, loc: "\n".join(r.messages("stop", locale=loc)),
        lambda r, loc: r.render_crisis(format="html", locale=loc),
        suggest,
        player,
    ]


def test_locale_fallback_warning_names_pack_and_technique_and_points_at_the_caller(
    library: dt.Library,
) -> None:
    """Each public entry point warns with this file as the place: a host's -W error points at it."""
    renderer = dt.Renderer(library)
    calls: list[tuple[str, Callable[[str], object]]] = [
        ("stop", lambda loc: library.localize("stop", loc)),
        ("stop", lambda loc: renderer.render("stop", locale=loc, format="html")),
        ("stop", lambda loc: renderer.messages("stop", locale=loc)),
        ("", lambda loc: dt.suggest(library, distress=5, minutes=5, setting="private", locale=loc)),
        ("", lambda loc: dt.draw_reframe(library, locale=loc)),
    ]
    for index, (technique, call) in enumerate(calls):
        locale = f"qa{'abcdefgh'[index]}_MX"  # a language not yet warned about
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call(locale)
        fallback = [w for w in caught if issubclass(w.category, dt.LocaleFallbackWarning)]
        assert len(fallback) == 1, (locale, [str(w.message) for w in caught])
        message = str(fallback[0].message)
        assert f"no translation for locale {locale!r}" in message
        assert "in pack 'distress_tolerance'" in message or "in pack" not in message
        if technique:
            assert f"for technique {technique!r}" in message
        assert fallback[0].filename == __file__, (message, fallback[0].filename)


def test_locale_fallback_warning_is_given_once_per_language(library: dt.Library) -> None:
    """es_XX-like variants of one language warn once; another language warns again."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for locale in ("qqa_US", "qqa_MX", "qqa", "qqb"):
            library.localize("stop", locale)
    assert [str(w.message).split("'")[1] for w in caught] == ["qqa_US", "qqb"]


@pytest.mark.parametrize(
    ("region", "suggestion"),
    [("usa", "US"), ("uk", "GB"), ("USA ", "US"), ("Mex", "MX"), ("XX", None), ("../x", None), ("", None)],
)
def test_mistyped_region_is_an_error_with_close_matches(
    library: dt.Library, region: str, suggestion: str | None
) -> None:
    """Not ISO 3166-1 alpha-2: UnknownRegionError (a LookupError) listing close matches."""
    if not region:
        assert library.region_for("es_MX", region) == "MX"  # empty: not chosen
        return
    with pytest.raises(UnknownRegionError) as info:
        library.region_for("en", region)
    assert isinstance(info.value, LookupError) and isinstance(info.value, dt.DistressToleranceError)
    assert info.value.region == region
    if suggestion is None:
        assert info.value.suggestions == ()
    else:
        assert info.value.suggestions[0] == suggestion
        assert f"did you mean {suggestion}" in str(info.value)
    with pytest.raises(UnknownRegionError):
        dt.Renderer(library).render("stop", locale="en", region=region)


def test_region_for_validates_and_normalises(library: dt.Library) -> None:
    """A named region is upper-cased; the locale's is used only when it is ISO 3166."""
    assert library.region_for("en", "us") == "US"
    assert library.region_for("es_MX") == "MX"
    assert library.region_for("pt_BR", "ZZ") == "ZZ"  # not listed: the locale's is not used
    assert library.crisis_services("ZZ") == ()
    assert library.region_for("es_QQ") is None  # a locale's region that is not ISO: none
    assert library.region_for("es_419") is None
    assert library.region_for("en_US") == "US"
    assert library.region_for("en") is None
    assert library.region_for("fr", "AQ") == "AQ"  # ISO, without services: the emergency route
    assert all(check_region(code.lower()) == code for code in ISO_REGIONS)
    assert len(ISO_REGIONS) == 249


@pytest.mark.parametrize("value", [5, 1.5, b"US", ["US"], object()])
def test_non_string_arguments_raise_documented_errors(library: dt.Library, value: object) -> None:
    """locale=5 is UnknownLocaleError, region=5 UnknownRegionError: never TypeError."""
    with pytest.raises(dt.UnknownLocaleError):
        library.localize("stop", value)  # type: ignore[arg-type]
    with pytest.raises(dt.UnknownLocaleError):
        library.region_for(value)  # type: ignore[arg-type]
    with pytest.raises(UnknownRegionError):
        library.region_for("en", value)  # type: ignore[arg-type]
    with pytest.raises(UnknownRegionError):
        library.crisis_services(value)  # type: ignore[arg-type]
    with pytest.raises(dt.UnknownLocaleError):
        dt.negotiate(value, ["en"]) if not isinstance(value, (bytes, list)) else dt.parse_locale(value)
    with pytest.raises(dt.UnknownLocaleError):
        dt.Renderer(library).render("stop", locale=value)  # type: ignore[arg-type]
    with pytest.raises(dt.UnknownTechniqueError):
        library.localize(value, "en")  # type: ignore[arg-type]


_LABELLED = """\
id: labelled
version: 1
title: Labelled
summary: A sample.
why: Because it helps.
category: mindfulness
when:
  distress: {min: 0, max: 5}
  moments: [calm]
  settings: [private]
  discreet: true
  minutes: 5
cautions:
  - id: careful
    kind: medical
    text: Go gently.
    stop_signal: You feel dizzy.
steps:
  - id: one
    text: Look around.
    seconds: 60
    senses:
      - sense: sight
        prompt: What colours do you see?
sources:
  - citation: A book.
    use: concept
review:
  status: draft
  written: 2026-11-26
"""

_ITALIAN_TITLE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "labelled.title"
msgid "Labelled"
msgstr "Etichettato"
"""


def test_english_fallback_labels_carry_lang_in_html(make_pack: Callable[..., Path]) -> None:
    """In a locale whose catalog lacks the interface labels, each label shown in English (a sense,
    "Stop if:", a step's duration) is marked lang="en" in HTML, as every other fallback is."""
    root = make_pack(
        {
            "data/techniques/labelled.yaml": _LABELLED,
            "locales/it/LC_MESSAGES/distress_tolerance.po": _ITALIAN_TITLE,
        }
    )
    html = str(dt.Renderer(dt.load(root)).render("labelled", format="html", locale="it"))
    assert '<article class="dt-technique" lang="it"' in html or 'lang="it"' in html.split(">", 1)[0]
    assert '<span class="dt-sense" lang="en">Sight:</span>' in html
    assert '<strong lang="en">Stop if:</strong>' in html
    assert '<p class="dt-duration" lang="en">About 60 seconds</p>' in html  # all English, not "60 secondi"
    spanish = str(dt.Renderer(dt.load(root)).render("grounding-5-4-3-2-1", format="html", locale="es"))
    assert "<strong>Detente si:</strong>" in spanish or "<strong>" not in spanish
    assert 'class="dt-sense">' in spanish and 'class="dt-sense" lang=' not in spanish
    assert 'class="dt-duration">Alrededor de' in spanish
