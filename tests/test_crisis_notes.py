"""The crisis data's notes (where a number works, which option to choose, what the hours and the
cost alone do not say) are translated like the route's own wording, in the context ``crisis``;
the numbers and names beside them never are."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import distress_tolerance as dt
from distress_tolerance._i18n.fields import CRISIS_CONTEXT, crisis_fields
from distress_tolerance.exceptions import ContentError
from distress_tolerance.extract import extract_yaml
from distress_tolerance.localized import TextStatus
from distress_tolerance.models import CrisisService
from tests.conftest import shipped_locales

ROOT = Path(__file__).resolve().parent.parent


def _notes(service: CrisisService) -> set[str]:
    """The service's notes, read field by field (independently of the field walker)."""
    found: set[str] = set()
    for contact in service.contacts:
        found.update(t for t in (contact.note, contact.cost_note, contact.hours.note) if t)
    return found


def test_the_walker_finds_every_note_of_every_service(library: dt.Library) -> None:
    services = [s for region in library.regions() for s in library.crisis_services(region)]
    walked = {f.text for s in services for f in crisis_fields(s)}
    assert walked == set().union(*map(_notes, services))
    assert len(walked) > 40
    assert {f.context for s in services for f in crisis_fields(s)} == {CRISIS_CONTEXT}


def test_every_note_is_extracted_with_its_file_and_line(library: dt.Library) -> None:
    path = ROOT / "data" / "crisis" / "AR.yaml"
    messages = list(extract_yaml(io.BytesIO(path.read_bytes()), {}, (), {}))
    lines = path.read_text(encoding="utf-8").splitlines()
    found = {msgid: line for line, _, (context, msgid), _ in messages if context == CRISIS_CONTEXT}
    assert set(found) == set().union(*map(_notes, library.crisis_services("AR")))
    for msgid, line in found.items():
        assert msgid in lines[line - 1], (msgid, line)
    comments = {c for *_, notes in messages for c in notes}
    assert any("Keep every number" in c for c in comments)


def test_the_template_catalog_holds_every_note(library: dt.Library) -> None:
    from babel.messages.pofile import read_po

    with (ROOT / "locales" / "distress_tolerance.pot").open("rb") as f:
        pot = {(m.context, m.id) for m in read_po(f) if m.id}
    services = [s for region in library.regions() for s in library.crisis_services(region)]
    notes = set().union(*map(_notes, services))
    assert {(CRISIS_CONTEXT, n) for n in notes} <= pot


@pytest.mark.parametrize("locale", [loc for loc in shipped_locales() if loc != "en"])
def test_every_shipped_locale_shows_every_note_translated(locale: str, library: dt.Library) -> None:
    """No English note is left in a route a shipped language reads (they are unreviewed
    translations, and the route says so, as for the rest of its wording)."""
    renderer = dt.Renderer(library)
    for region in library.regions():
        notes = set().union(*map(_notes, library.crisis_services(region)))
        text = renderer.render("contrary-action", format="text", locale=locale, region=region)
        left = sorted(n for n in notes if n in text)
        assert left == [], (region, left)


def test_a_translated_note_follows_its_number_in_the_readers_language(library: dt.Library) -> None:
    translator = library.translator(None, "es")
    note = library.crisis_services("AR")[0].contacts[1].note
    assert note == "from the rest of the country"
    spanish = str(translator.gettext(note, CRISIS_CONTEXT))
    assert spanish != note
    html = dt.Renderer(library).render("contrary-action", format="html", locale="es", region="AR")
    assert f"(011) 5275-1135</a> · <span>{spanish}</span>" in html
    card = dt.crisis_card("es", "AR", library=library)
    assert card.services[0].contacts[1].details[0] == spanish


def test_a_note_without_a_translation_is_marked_english(
    italian_pack: Callable[[dict[tuple[str | None, str], str]], dt.Library],
) -> None:
    """A host's language whose catalog lacks a note: the note stays English and says so, in the
    page (``lang="en"``) and in a voice script (``<lang xml:lang="en">``); one it translates
    carries no mark."""
    library = italian_pack(
        {(CRISIS_CONTEXT, "in Buenos Aires city and Greater Buenos Aires"): "a Buenos Aires"}
    )
    renderer = dt.Renderer(library)
    html = renderer.render("contrary-action", format="html", locale="it", region="AR")
    assert '· <span lang="en">from the rest of the country</span>' in html
    assert "· <span>a Buenos Aires</span>" in html
    ssml = renderer.render("contrary-action", format="ssml", locale="it", region="AR")
    assert '<lang xml:lang="en">from the rest of the country</lang>' in ssml
    assert "a Buenos Aires" in ssml and '<lang xml:lang="en">a Buenos Aires' not in ssml


def test_require_reviewed_shows_unreviewed_notes_in_english(library: dt.Library) -> None:
    """The shipped translations are unreviewed: a host that requires reviewed crisis wording gets
    the whole route in English, its notes too."""
    spanish = str(library.translator(None, "es").gettext("from the rest of the country", CRISIS_CONTEXT))
    renderer = dt.Renderer(library)
    strict = renderer.render_crisis(format="html", locale="es", region="AR", require_reviewed=True)
    assert "from the rest of the country" in strict and spanish not in strict
    shown = renderer.render_crisis(format="html", locale="es", region="AR")
    assert spanish in shown and "from the rest of the country" not in shown


def test_the_card_keeps_where_a_number_works_and_leaves_long_notes_to_the_route(
    library: dt.Library,
) -> None:
    card = dt.crisis_card("en", "AR", library=library)
    contacts = card.services[0].contacts
    assert contacts[0].details[0] == "in Buenos Aires city and Greater Buenos Aires"
    hours_note = library.crisis_services("AR")[0].contacts[0].hours.note
    assert hours_note is not None
    assert all(hours_note not in d for c in contacts for d in c.details)
    route = dt.Renderer(library).render("contrary-action", format="text", locale="en", region="AR")
    assert hours_note in route


@pytest.mark.parametrize(
    "display",
    ["135 (Buenos Aires city and Greater Buenos Aires)", "113, opción 5", "988 (texto AYUDA)"],
)
def test_words_in_a_display_are_refused_by_file_line_and_field(
    display: str, make_pack: Callable[..., Path]
) -> None:
    path = ROOT / "data" / "crisis" / "AR.yaml"
    text = path.read_text(encoding="utf-8").replace('display: "135"', f'display: "{display}"', 1)
    line = 1 + text.splitlines().index(f'        display: "{display}"')
    root = make_pack({"data/crisis/AR.yaml": text})
    with pytest.raises(ContentError) as caught:
        dt.load(root, builtin=False)
    [error] = caught.value.errors
    assert (Path(error.path).name, error.line, error.field) == (
        "AR.yaml",
        line,
        "services.0.contacts.0.display",
    )
    assert "note" in error.message


@pytest.mark.parametrize(
    "display",
    ["988", "*0767", "(011) 5275-1135", "1-800-273-TALK (8255)", "988lifeline.org", "jo@samaritans.org"],
)
def test_numbers_spelled_as_words_and_addresses_are_displays(
    display: str, make_pack: Callable[..., Path]
) -> None:
    path = ROOT / "data" / "crisis" / "AR.yaml"
    text = path.read_text(encoding="utf-8").replace('display: "135"', f'display: "{display}"', 1)
    library = dt.load(make_pack({"data/crisis/AR.yaml": text}), builtin=False)
    assert library.crisis_services("AR")[0].contacts[0].display == display


@pytest.mark.parametrize("locale", ["en", "es"])
def test_a_tool_answer_keeps_the_notes_a_number_needs(locale: str, library: dt.Library) -> None:
    """A chat bot's ``get_crisis_services`` gives each contact its note, cost note and hours
    note in the reader's language, never only the bare number."""
    from distress_tolerance._channels.tools import call_tool

    answer = call_tool(library, "get_crisis_services", {"region": "AR", "locale": locale})
    contacts = answer["services"][0]["contacts"]
    assert [c["display"] for c in contacts] == ["135", "(011) 5275-1135"]
    notes = dt.Renderer(library).crisis_route(locale, "AR").notes
    data = library.crisis_services("AR")[0].contacts
    assert [c["note"] for c in contacts] == [notes[c.note].text for c in data if c.note]
    assert contacts[1]["cost_note"] == notes[str(data[1].cost_note)].text
    assert contacts[0]["hours"]["note"] == notes[str(data[0].hours.note)].text
    assert (contacts[1]["note"] == "desde el resto del país") is (locale == "es")


def test_a_placeholder_in_a_note_is_refused_a_percent_sign_is_not(make_pack: Callable[..., Path]) -> None:
    """Notes are crisis wording, substituted like the rest: ``%(name)s`` has nothing to fill it."""
    path = ROOT / "data" / "crisis" / "AR.yaml"
    original = path.read_text(encoding="utf-8")
    bad = original.replace("note: from the rest of the country", "note: from %(where)s", 1)
    with pytest.raises(ContentError) as caught:
        dt.load(make_pack({"data/crisis/AR.yaml": bad}), builtin=False)
    [error] = caught.value.errors
    assert (error.field, "placeholder" in error.message) == ("services.0.contacts.1.note", True)
    fine = original.replace("note: from the rest of the country", "note: from 100% of the country", 1)
    library = dt.load(make_pack({"data/crisis/AR.yaml": fine}), builtin=False)
    route = dt.Renderer(library).render_crisis(format="html", locale="en", region="AR")
    assert "from 100% of the country" in route


def test_a_service_whose_every_contact_is_wrong_gets_one_error_per_contact(
    make_pack: Callable[..., Path],
) -> None:
    """Not also "contacts: should have at least 1 item", which only repeats that none was valid;
    the loader and the extractor say the same, without pydantic's "Value error, " prefix."""
    path = ROOT / "data" / "crisis" / "AR.yaml"
    text = path.read_text(encoding="utf-8").replace('display: "135"', 'display: "135 (city)"', 1)
    text = text.replace('display: "(011) 5275-1135"', 'display: "(011) 5275-1135 (country)"', 1)
    with pytest.raises(ContentError) as loaded:
        dt.load(make_pack({"data/crisis/AR.yaml": text}), builtin=False)
    with pytest.raises(ContentError) as extracted:
        list(extract_yaml(io.BytesIO(text.encode()), {}, (), {}))
    for caught in (loaded, extracted):
        fields = [e.field for e in caught.value.errors]
        assert fields == ["services.0.contacts.0.display", "services.0.contacts.1.display"]
        assert all(
            e.message.startswith("display is a number or an address only") for e in caught.value.errors
        )


def test_the_route_as_data_carries_the_notes_in_the_readers_language(library: dt.Library) -> None:
    """A host that lays the route out itself (``crisis_route``, the ``json`` format) gets each note
    translated, with its language and status; ``require_reviewed`` gives the English back."""
    renderer = dt.Renderer(library)
    route = renderer.crisis_route("es", "AR")
    assert set(route.notes) == set().union(*map(_notes, library.crisis_services("AR")))
    note = route.notes["from the rest of the country"]
    assert (note.text, note.lang, note.status) == ("desde el resto del país", "es", TextStatus.UNREVIEWED)
    strict = renderer.crisis_route("es", "AR", require_reviewed=True).notes["from the rest of the country"]
    assert (strict.text, strict.lang, strict.status) == (
        "from the rest of the country",
        "en",
        TextStatus.SOURCE,
    )
    document = json.loads(renderer.render("stop", format="json", locale="es", region="AR"))
    assert document["crisis"]["notes"]["from the rest of the country"]["text"] == "desde el resto del país"
    assert renderer.crisis_route("es").notes == {}
