"""require_reviewed, the safety switch hosts rely on, in every output that carries safety text.

With the flag, cautions and crisis wording whose translation is not reviewed are the English
source, and the output says it used English; without it, the (unreviewed) translation is used
and the output says it is not reviewed. de and es ship unreviewed translations. Every full
rendering also says when the content is a draft.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import distress_tolerance as dt
from distress_tolerance import cli
from distress_tolerance.localized import TextStatus
from distress_tolerance.player import CueKind, Player, timeline

TECHNIQUE = "tipp"  # a draft, with a medical caution
LOCALES = ["de", "es"]
ENGLISH_NOTICE = (
    "Some safety information is shown in English because its translation has not been reviewed yet."
)
UNREVIEWED_NOTICE = "Some safety information is a translation that has not been reviewed yet."
CRISIS = "If you need help now"
DRAFT = "Draft: not yet reviewed by a clinician."


@dataclass(frozen=True)
class Seen:
    """What one output showed: its words, and whether it said English or unreviewed text was used."""

    text: str
    says_english: bool
    says_unreviewed: bool


@dataclass(frozen=True)
class Expect:
    """The words to look for in one locale."""

    caution_en: str
    caution_tr: str
    crisis_tr: str
    english_notice: str
    unreviewed_notice: str


def _flat(out: str) -> str:
    """An output's visible words: no tags, no data blocks (a page's JSON-LD), no entities, no
    Markdown escapes, single spaces."""
    out = re.sub(r'<script type="application/ld\+json">.*?</script>', " ", out, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", out))
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def _notices(words: str, expect: Expect) -> Seen:
    return Seen(words, expect.english_notice in words, expect.unreviewed_notice in words)


Output = Callable[[dt.Renderer, str, bool, Expect, pytest.CaptureFixture[str]], Seen]


def _render(fmt: str) -> Output:
    def output(r: dt.Renderer, locale: str, flag: bool, e: Expect, _: object) -> Seen:
        return _notices(_flat(r.render(TECHNIQUE, format=fmt, locale=locale, require_reviewed=flag)), e)

    return output


def _crisis(fmt: str) -> Output:
    def output(r: dt.Renderer, locale: str, flag: bool, e: Expect, _: object) -> Seen:
        return _notices(_flat(r.render_crisis(format=fmt, locale=locale, require_reviewed=flag)), e)

    return output


def _plan(fmt: str) -> Output:
    def output(r: dt.Renderer, locale: str, flag: bool, e: Expect, _: object) -> Seen:
        if fmt == "messages":
            text = " ".join(r.plan_messages(locale=locale, region="US", require_reviewed=flag))
        else:
            text = r.render_plan(format=fmt, locale=locale, region="US", require_reviewed=flag)
        return _notices(_flat(text), e)

    return output


def _json(r: dt.Renderer, locale: str, flag: bool, e: Expect, _: object) -> Seen:
    return _json_document(
        json.loads(r.render(TECHNIQUE, format="json", locale=locale, require_reviewed=flag))
    )


def _json_document(doc: dict[str, Any]) -> Seen:
    cautions = doc["technique"]["cautions"]
    words = " ".join([*(c["text"]["text"] for c in cautions), doc["crisis"]["instruction"]])
    statuses = {c["text"]["status"] for c in cautions}
    return Seen(words, doc["technique"]["safety_fallback"], "unreviewed" in statuses)


def _export(fmt: str) -> Output:
    def output(r: dt.Renderer, locale: str, flag: bool, e: Expect, capsys: object) -> Seen:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "bundle"
            dt.export(r.library, out, locale=locale, format=fmt, require_reviewed=flag)
            text = (out / f"{TECHNIQUE}.{'json' if fmt == 'json' else 'html'}").read_text(encoding="utf-8")
        if fmt == "json":
            return _json_document(json.loads(text))
        return _notices(_flat(text), e)

    return output


def _messages(r: dt.Renderer, locale: str, flag: bool, e: Expect, _: object) -> Seen:
    return _notices(_flat(" ".join(r.messages(TECHNIQUE, locale=locale, require_reviewed=flag))), e)


def _compact(_: dt.Renderer, locale: str, flag: bool, e: Expect, capsys: pytest.CaptureFixture[str]) -> Seen:
    args = ["show", TECHNIQUE, "--format", "compact", "--locale", locale]
    assert cli.main([*args, "--require-reviewed"] if flag else args) == 0
    return _notices(_flat(capsys.readouterr().out), e)


def _suggest(fmt: str) -> Output:
    def output(r: dt.Renderer, locale: str, flag: bool, e: Expect, _: object) -> Seen:
        found = dt.suggest(
            r.library, distress=8, minutes=10, setting="private", locale=locale, require_reviewed=flag
        )
        return _notices(_flat(r.render_suggestions(found, format=fmt)), e)

    return output


def _cli_suggest(
    _: dt.Renderer, locale: str, flag: bool, e: Expect, capsys: pytest.CaptureFixture[str]
) -> Seen:
    args = ["suggest", "--distress", "8", "--minutes", "10", "--setting", "private", "--locale", locale]
    assert cli.main([*args, "--require-reviewed"] if flag else args) == 0
    return _notices(_flat(capsys.readouterr().out), e)


def _player(r: dt.Renderer, locale: str, flag: bool, e: Expect, _: object) -> Seen:
    localized = r.library.localize(TECHNIQUE, locale, require_reviewed=flag)
    cues = timeline(localized, translator=r.library.translator(None, localized.locale))
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds  # a fake clock: nothing really waits

    played = list(Player(cues, clock=lambda: now[0], sleep=sleep).play())
    assert played == list(cues)
    cautions = [cue for cue in played if cue.kind is CueKind.CAUTION]
    english = all(c.lang == "en" and c.status is TextStatus.SOURCE for c in cautions)
    unreviewed = any(c.status is TextStatus.UNREVIEWED for c in cautions)
    return Seen(" ".join(c.text for c in cautions), english, unreviewed)


# (output, carries cautions, carries crisis wording)
OUTPUTS = {
    **{f"render-{fmt}": (_render(fmt), True, fmt != "json") for fmt in ("text", "html", "page", "ssml")},
    "render-markdown": (_render("markdown"), True, True),
    "render-json": (_json, True, True),
    "export-json": (_export("json"), True, True),
    "export-page": (_export("page"), True, True),
    "messages": (_messages, True, True),
    "show-compact": (_compact, True, True),
    **{f"crisis-{fmt}": (_crisis(fmt), False, True) for fmt in ("text", "markdown", "html", "page")},
    **{f"suggest-{fmt}": (_suggest(fmt), False, True) for fmt in ("text", "html")},
    "cli-suggest": (_cli_suggest, False, True),
    **{
        f"plan-{fmt}": (_plan(fmt), False, True)
        for fmt in ("text", "markdown", "html", "page", "ssml", "messages")
    },
    "player": (_player, True, False),
}


def _cases() -> list[object]:
    return [pytest.param(name, flag) for name in OUTPUTS for flag in (True, False)]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("name", "flag"), _cases())
def test_every_output_honours_require_reviewed(
    library: dt.Library, capsys: pytest.CaptureFixture[str], name: str, flag: bool, locale: str
) -> None:
    """Flag on: English caution and crisis text, and the output says so. Off: the unreviewed
    translation, and the output says it is unreviewed."""
    translator = library.translator(None, locale)
    translated = library.localize(TECHNIQUE, locale).cautions[0].text
    assert translated.status is TextStatus.UNREVIEWED  # the premise: this locale ships it unreviewed
    expect = Expect(
        caution_en=library.lookup(TECHNIQUE).cautions[0].text,
        caution_tr=translated.text,
        crisis_tr=translator.gettext(CRISIS, "crisis"),
        english_notice=translator.gettext(ENGLISH_NOTICE),
        unreviewed_notice=translator.gettext(UNREVIEWED_NOTICE),
    )
    assert expect.crisis_tr != CRISIS
    output, cautions, crisis = OUTPUTS[name]
    seen = output(dt.Renderer(library, cache_size=0), locale, flag, expect, capsys)
    shown, hidden = (
        ([expect.caution_en], [expect.caution_tr]) if flag else ([expect.caution_tr], [expect.caution_en])
    )
    if crisis and not name.endswith("json"):  # json's instruction is checked below
        shown, hidden = (
            ([*shown, CRISIS], [*hidden, expect.crisis_tr])
            if flag
            else ([*shown, expect.crisis_tr], [*hidden, CRISIS])
        )
    if not cautions:
        shown, hidden = shown[1:], hidden[1:]
    for words in shown:
        assert words in seen.text
    for words in hidden:
        assert words not in seen.text
    assert (seen.says_english, seen.says_unreviewed) == (flag, not flag)
    if name.endswith("json"):
        english_instruction = "local emergency number" in seen.text
        assert english_instruction is flag


FULL = {
    **{fmt: _render(fmt) for fmt in ("text", "markdown", "html", "page", "ssml")},
    "messages": _messages,
    "show-compact": _compact,
}


@pytest.mark.parametrize("name", FULL)
@pytest.mark.parametrize("locale", ["en", "de"])
def test_every_full_rendering_says_when_the_content_is_a_draft(
    library: dt.Library, capsys: pytest.CaptureFixture[str], name: str, locale: str
) -> None:
    """A draft says so in every full rendering, chat messages and compact output included (json
    carries review.status as data)."""
    assert library.lookup(TECHNIQUE).review.status == "draft"
    draft = library.translator(None, locale).gettext(DRAFT)
    expect = Expect("", "", "", "", "")
    seen = FULL[name](dt.Renderer(library, cache_size=0), locale, False, expect, capsys)
    assert draft in seen.text
    first_step = _flat(library.localize(TECHNIQUE, locale).steps[0].text.text)
    assert seen.text.index(draft) < seen.text.index(first_step)  # said before the steps


def test_a_list_of_english_fallbacks_is_joined_in_english(library: dt.Library) -> None:
    """Emergency services shown in English (require_reviewed) are listed in English ("Ambulance and
    Fire service"), not with the reader's conjunction; plain names keep the reader's."""
    from distress_tolerance._i18n.schedule import list_of
    from distress_tolerance._i18n.translate import UIText

    renderer = dt.Renderer(library, cache_size=0)
    strict = renderer.render_crisis(locale="de", region="DE", require_reviewed=True)
    assert "Ambulance and Fire service: 112" in strict
    relaxed = renderer.render_crisis(locale="de", region="DE")
    german = library.translator(None, "de")
    words = [german.gettext("Ambulance", "crisis"), german.gettext("Fire service", "crisis")]
    assert f"{words[0]} und {words[1]}: 112" in relaxed
    assert list_of([UIText("Ambulance", "en"), UIText("Police", "en")], "de") == "Ambulance and Police"
    assert list_of(["Deutsch", "Englisch"], "de") == "Deutsch und Englisch"
    assert (
        list_of([UIText("Rettungsdienst", "de"), UIText("Police", "en")], "de") == "Rettungsdienst und Police"
    )
    assert list_of([UIText("Ambulancia", "es"), UIText("Policía", "es")], "es_MX") == "Ambulancia y Policía"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_route_shown_in_english_is_english_throughout(library: dt.Library, locale: str) -> None:
    """With require_reviewed and crisis wording not reviewed, the route's labels, hours, costs and
    language names are English too (one language to a line, never "Llamada: 988 · answers in:
    inglés"), HTML marks them, and a voice script speaks them with an English voice. Without the
    flag, the route is in the reader's language."""
    from distress_tolerance._render.support import template_context

    route = template_context(library, locale, "US", 2, None, True)["route"]
    assert route.lang == "en"
    pieces = [route.title, route.danger, route.emergency_intro, *route.expect]
    pieces += [c.label for c in route.emergency]
    for service in route.services:
        pieces += [service.kind, *service.about]
        for contact in service.contacts:
            pieces += [contact.label, *contact.details]
    assert [p for p in pieces if getattr(p, "lang", None) != "en"] == []
    translator = library.translator(None, locale)
    relaxed = template_context(library, locale, "US", 2, None, False)["route"]
    assert relaxed.lang == ""
    assert relaxed.services[0].contacts[0].label == translator.gettext("Call") != "Call"

    renderer = dt.Renderer(library, cache_size=0)
    text = renderer.render_crisis(format="text", locale=locale, region="US", require_reviewed=True)
    assert "  Call: 988 · 24 hours, every day · free · answers in: English and Spanish" in text
    assert translator.gettext("Call") not in text and translator.gettext("free") not in text
    page = renderer.render_crisis(format="html", locale=locale, region="US", require_reviewed=True)
    assert '<li><span lang="en">Call</span>: <a class="dt-contact-value" href="tel:988"' in page
    ssml = renderer.render("stop", format="ssml", locale=locale, region="US", require_reviewed=True)
    route_lines = re.findall(r"<s( xml:lang=\"[^\"]+\")?>([^<]*)</s>", ssml.split(CRISIS, 1)[1])
    spoken_in = {lang for lang, line in route_lines if "988" in line or "Crisis line" in line}
    assert spoken_in == {' xml:lang="en"'}
    assert f'<s xml:lang="en">{CRISIS}</s>' in ssml
