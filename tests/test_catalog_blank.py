"""A msgstr that is only whitespace says nothing: it counts as untranslated, in .po and .mo alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo

from distress_tolerance._i18n.catalog import Catalog, read_mo, read_po
from distress_tolerance._i18n.translate import Translator
from distress_tolerance.localized import LocalizedText, TextStatus

BLANKS = [" ", "   ", "\n", " \n ", "\u00a0", "\u3000"]
"""Whitespace a translator's editor can leave behind: spaces, a newline, no-break and ideographic spaces."""

PLURAL = ("%(n)s minute", "%(n)s minutes")


def _po_text(blank: str) -> str:
    quoted = blank.replace("\n", "\\n")
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        f'\nmsgid "Breathe in"\nmsgstr "{quoted}"\n'
        f'\nmsgctxt "stop.steps.observe.text"\nmsgid "Notice what is around you."\nmsgstr "{quoted}"\n'
        f'\nmsgid "%(n)s second"\nmsgstr "{quoted}"\n'
        f'\nmsgid "{PLURAL[0]}"\nmsgid_plural "{PLURAL[1]}"\nmsgstr[0] "%(n)s minuto"\nmsgstr[1] "{quoted}"\n'
        '\nmsgid "Hold"\nmsgstr "Sostén"\n'
        '\nmsgid " "\nmsgstr " "\n'
    )


def _write_po(tmp_path: Path, blank: str) -> Path:
    po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "distress_tolerance.po"
    po.parent.mkdir(parents=True)
    po.write_text(_po_text(blank), encoding="utf-8")
    return po


def _write_mo(tmp_path: Path, blank: str) -> Path:
    catalog = BabelCatalog(locale="es")
    catalog.add("Breathe in", blank)
    catalog.add("Notice what is around you.", blank, context="stop.steps.observe.text")
    catalog.add("%(n)s second", blank)
    catalog.add(PLURAL, ("%(n)s minuto", blank))
    catalog.add("Hold", "Sostén")
    catalog.add(" ", " ")
    mo = tmp_path / "distress_tolerance.mo"
    with mo.open("wb") as fileobj:
        write_mo(fileobj, catalog)
    return mo


def _assert_blank_is_untranslated(catalog: Catalog) -> None:
    assert catalog.get("Breathe in") is None
    assert catalog.get("Notice what is around you.", "stop.steps.observe.text") is None
    assert catalog.get("%(n)s second") is None  # skipped, not rejected for lacking the placeholder
    assert catalog.get_plural(PLURAL[0], 1) is None  # a plural with a blank form uses the source
    assert catalog.rejected == ()
    assert catalog.get("Hold") == "Sostén"  # real translations beside them are kept
    assert catalog.get(" ") == " "  # a whitespace msgid may have a whitespace msgstr


@pytest.mark.parametrize("blank", BLANKS)
def test_a_whitespace_msgstr_in_a_po_is_skipped_not_rejected(tmp_path: Path, blank: str) -> None:
    """In a .po, a whitespace-only msgstr (singular, with context, with a placeholder, or one plural form)
    of a msgid with words is left out of the catalog without being listed as rejected."""
    _assert_blank_is_untranslated(read_po(_write_po(tmp_path, blank), "es"))


@pytest.mark.parametrize("blank", BLANKS)
def test_a_whitespace_msgstr_in_a_mo_is_skipped_not_rejected(tmp_path: Path, blank: str) -> None:
    """Babel writes a whitespace-only msgstr into the .mo; reading it, we leave it out all the same."""
    _assert_blank_is_untranslated(read_mo(_write_mo(tmp_path, blank), "es"))


def test_the_translator_gives_the_english_source_for_a_blank_msgstr(tmp_path: Path) -> None:
    """Through the translator, a blank translation comes back as the English source, tagged en."""
    _write_po(tmp_path, "   ")
    translator = Translator((tmp_path / "locales",), "es")
    assert translator.text(None, "Breathe in") == LocalizedText(
        text="Breathe in", lang="en", status=TextStatus.SOURCE
    )
    assert translator.text("stop.steps.observe.text", "Notice what is around you.").lang == "en"
    assert translator.gettext("Breathe in") == "Breathe in"
    assert translator.ngettext(*PLURAL, 2) == PLURAL[1]
    assert translator.text(None, "Hold") == LocalizedText(
        text="Sostén", lang="es", status=TextStatus.UNREVIEWED
    )


def test_whitespace_with_a_control_character_is_still_rejected(tmp_path: Path) -> None:
    """A msgstr of whitespace and a forbidden control character (a tab) is rejected, as before."""
    catalog = read_mo(_write_mo(tmp_path, " \t "), "es")
    assert catalog.get("Breathe in") is None
    assert ("Breathe in", "msgstr contains a control character U+0009 at position 1") in catalog.rejected
