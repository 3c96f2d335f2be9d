"""The translator's tools: ``distress-tolerance i18n extract|init|update|compile|check|stats|pseudo``."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance import library as library_module
from distress_tolerance._content.pack import Pack
from distress_tolerance._content.text import forbidden_character, placeholders
from distress_tolerance._i18n.catalog import load_catalog, read_mo
from distress_tolerance._i18n.catalog import read_po as load_po
from distress_tolerance._i18n.po import scan_po
from distress_tolerance._tools.i18n_check import Finding, check_catalog
from distress_tolerance._tools.i18n_pseudo import pseudo_text
from distress_tolerance._tools.i18n_rules import expected_plural_forms, plural_forms_match
from distress_tolerance._tools.i18n_stats import (
    MessageCounts,
    ReviewState,
    TranslationStatus,
    translation_status,
)
from distress_tolerance._tools.pot import extract_catalog, pot_bytes, same_pot
from distress_tolerance.cli import main
from distress_tolerance.exceptions import (
    CatalogError,
    CatalogWarning,
    LocaleFallbackWarning,
    UnknownLocaleError,
)
from tests.conftest import FIXTURES, ROOT, shipped_locales

CATALOGS = FIXTURES / "catalogs"
BAD = CATALOGS / "bad"
STATS = CATALOGS / "stats"
PO = "locales/{}/LC_MESSAGES/distress_tolerance.po"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``distress-tolerance i18n ARGS`` in this process: status, stdout, stderr."""
    status = main(["i18n", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the fixture pack (one technique, a Spanish catalog), its .pot at our version."""
    root = tmp_path / "pack"
    shutil.copytree(CATALOGS / "pack", root)
    pot = root / "locales" / "distress_tolerance.pot"
    pot.write_bytes(at_our_version(pot.read_bytes()))
    return root


def at_our_version(pot: bytes) -> bytes:
    """A fixture .pot's ``Project-Id-Version`` set to the installed version (the fixture pins none)."""
    ours = f"Project-Id-Version: distress_tolerance {version('distress-tolerance')}".encode()
    return re.sub(rb"Project-Id-Version: distress_tolerance [^\\\"]+", ours, pot)


def install(root: Path, fixture: str, locale: str) -> Path:
    """Put a fixture catalog in the pack as ``locale``'s catalog; returns its path."""
    target = root / PO.format(locale)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BAD / fixture, target)
    return target


def test_check_passes_on_the_fixture_pack(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A complete, clean catalog and a current .pot: no finding, exit 0."""
    assert run(capsys, "check", "--pack", pack) == (0, "0 error(s), 0 warning(s)\n", "")


BAD_CASES = [
    ("placeholder.po", "es", [(31, "placeholder", "sample.summary"), (36, "placeholder", "sample.why")]),
    (
        "markup.po",
        "es",
        [
            (26, "markup", "sample.title"),
            (31, "markup", "sample.summary"),
            (52, "markup", "sample.steps.three.text"),
        ],
    ),
    ("number.po", "es", [(41, "number", "sample.steps.one.text"), (52, "number", "sample.steps.three.text")]),
    ("plural_ar.po", "ar", [(2, "plural-forms", "Plural-Forms")]),
    ("fuzzy.po", "es", [(32, "fuzzy", "sample.summary")]),
    ("obsolete.po", "es", [(58, "obsolete", "sample.steps.old.text")]),
    ("too_long.po", "es", [(47, "too-long", "sample.steps.two.text")]),
    ("forbidden.po", "es", [(26, "forbidden-character", "sample.title")]),
    ("review_status.po", "es", [(6, "review-status", "X-Review-Status")]),
    ("truncated.po", "es", [(55, "syntax", "es"), (52, "number", "sample.steps.three.text")]),
    ("corrupt.po", "es", [(None, "unreadable", "es")]),
]


@pytest.mark.parametrize(("fixture", "locale", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_check_fails_on_each_bad_fixture(
    pack: Path,
    capsys: pytest.CaptureFixture[str],
    fixture: str,
    locale: str,
    expected: list[tuple[int | None, str, str]],
) -> None:
    """Each bad catalog gives exactly its findings as ``file:line: [rule] msgctxt: message``, exit 1."""
    po = install(pack, fixture, locale)
    status, out, _ = run(capsys, "check", "--pack", pack)
    errors = [line for line in out.splitlines()[:-1] if ": warning: " not in line]
    prefixes = [
        f"{po}{'' if line is None else f':{line}'}: [{rule}] {where}: " for line, rule, where in expected
    ]
    assert status == 1
    assert [next((p for p in prefixes if e.startswith(p)), e) for e in errors] == prefixes
    assert out.endswith(f"{len(expected)} error(s), 0 warning(s)\n")


def test_corrupt_catalog_is_reported_with_its_reason(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A catalog that is not UTF-8 is named with the reason, not a traceback."""
    po = install(pack, "corrupt.po", "es")
    _, out, err = run(capsys, "check", "es", "--pack", pack)
    assert f"{po}: [unreadable] es: not UTF-8 ('utf-8' codec can't decode byte 0xff" in out
    assert err == ""


def test_untranslated_entries_are_warnings(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A partial catalog passes with one warning; --verbose lists each untranslated entry."""
    po = install(pack, "untranslated.po", "es")
    status, out, _ = run(capsys, "check", "--pack", pack)
    assert (status, out.splitlines()) == (
        0,
        [
            f"{po}: warning: [untranslated] es: 2 of 6 messages untranslated "
            "(readers see English there; --verbose lists them)",
            "0 error(s), 1 warning(s)",
        ],
    )
    _, out, _ = run(capsys, "check", "--verbose", "--pack", pack)
    assert out.splitlines()[:2] == [
        f"{po}:31: warning: [untranslated] sample.summary: not translated yet",
        f"{po}:47: warning: [untranslated] sample.steps.two.text: not translated yet",
    ]


def test_stale_or_missing_pot_fails(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .pot that differs from a fresh extraction, or none at all, fails the check."""
    yaml = pack / "data" / "techniques" / "sample.yaml"
    yaml.write_text(yaml.read_text().replace("Breathe out slowly.", "Breathe out very slowly."))
    pot = pack / "locales" / "distress_tolerance.pot"
    status, out, _ = run(capsys, "check", "--pack", pack)
    assert status == 1
    assert out.splitlines()[0] == (
        f"{pot}:1: [stale-pot] template: differs from a fresh extraction (1 message(s) new, 1 gone): "
        "run `distress-tolerance i18n extract`"
    )
    pot.unlink()
    status, out, _ = run(capsys, "check", "--pack", pack)
    assert (status, out.splitlines()[0]) == (
        1,
        f"{pot}: [stale-pot] template: the pack has no .pot: run `distress-tolerance i18n extract`",
    )


def test_missing_catalog_is_reported(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check LOCALE` for a locale without a catalog names the path it looked for."""
    status, out, _ = run(capsys, "check", "de", "--pack", pack)
    assert (status, out.splitlines()[0]) == (
        1,
        f"{pack / PO.format('de')}: [missing] de: no catalog for this locale",
    )


def test_truncated_mo_is_reported_and_falls_back_at_render_time(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A truncated .mo: `check` names it and why; a render warns once naming it and shows English."""
    assert run(capsys, "compile", "--pack", pack)[0] == 0
    mo = pack / PO.format("es").replace(".po", ".mo")
    mo.write_bytes(mo.read_bytes()[:200])
    status, out, _ = run(capsys, "check", "--pack", pack)
    assert status == 1
    assert out.startswith(f"{mo}: [unreadable] es: corrupt or truncated .mo")
    renderer = dt.Renderer(dt.load(pack, builtin=False))
    with pytest.warns(CatalogWarning) as caught:  # noqa: PT031
        warnings.simplefilter("ignore", LocaleFallbackWarning)
        texts = [renderer.render("sample", locale="es", format=f) for f in ("text", "markdown", "html")]
    assert all("Sample breathing" in text for text in texts)
    assert [str(w.message).split(": ")[0] for w in caught if w.category is CatalogWarning] == [str(mo)]
    with pytest.raises(CatalogError) as error:
        load_catalog(pack / "locales", "es", strict=True)
    assert (error.value.locale, error.value.path) == ("es", str(mo))
    with pytest.raises(CatalogError, match="No such file"):
        read_mo(pack / "nowhere.mo", "es")


def test_corrupt_po_falls_back_to_english_at_render_time(pack: Path) -> None:
    """Rendering from a corrupt .po warns (CatalogWarning naming locale, path) and renders English."""
    po = install(pack, "corrupt.po", "es")
    with pytest.warns(CatalogWarning, match=re.escape(f"{po}: catalog for locale 'es'")):  # noqa: PT031
        warnings.simplefilter("ignore", LocaleFallbackWarning)  # no catalog left: English, also warned
        text = dt.Renderer(dt.load(pack, builtin=False)).render("sample", locale="es")
    assert "Sample breathing" in text
    with pytest.raises(CatalogError) as caught:
        load_po(po, "es")
    assert (caught.value.locale, caught.value.path, isinstance(caught.value, OSError)) == (
        "es",
        str(po),
        True,
    )


def test_a_locale_without_catalog_renders_english_with_a_warning(pack: Path) -> None:
    """A missing catalog is not an error at render time: English, and a LocaleFallbackWarning."""
    with pytest.warns(LocaleFallbackWarning, match="'de'"):
        text = dt.Renderer(dt.load(pack, builtin=False)).render("sample", locale="de")
    assert "Sample breathing" in text


def test_truncated_po_raises_at_render_time(pack: Path) -> None:
    """A .po cut off inside a string should raise CatalogError when loaded, not lose text silently."""
    po = install(pack, "truncated.po", "es")
    with pytest.raises(CatalogError):
        load_po(po, "es")


@pytest.fixture
def builtin_is(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make the CLI's built-in pack a test pack for one test, then restore the real one."""

    def use(root: Path) -> None:
        monkeypatch.setattr(library_module, "builtin_pack", lambda: Pack(root, ""))
        library_module.clear_caches()

    yield use
    monkeypatch.undo()
    library_module.clear_caches()


def test_cli_show_reports_a_corrupt_catalog_without_traceback(
    pack: Path, builtin_is: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    """`show --locale es` with a corrupt es catalog: one warning naming locale and path, then English."""
    po = install(pack, "corrupt.po", "es")
    builtin_is(pack)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        status = main(["show", "sample", "--locale", "es"])
    out, err = capsys.readouterr()
    assert status == 0
    assert "Sample breathing" in out
    assert err.startswith(
        f"distress-tolerance: warning: {po}: catalog for locale 'es' cannot be read: not UTF-8"
    )
    assert err.count("cannot be read") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("locale", shipped_locales())
def test_every_shipped_catalog_passes_check(locale: str) -> None:
    """Every shipped catalog has no error against the committed .pot (warnings are allowed)."""
    with (ROOT / "locales" / "distress_tolerance.pot").open("rb") as fileobj:
        template = read_po(fileobj)
    findings = check_catalog(ROOT / PO.format(locale), locale, template)
    assert [str(f) for f in findings if not f.warning] == []


@pytest.mark.parametrize("locale", ["ar", "de", "es", "fr", "pt_BR"])
def test_shipped_catalog_headers_say_who_translated_them(locale: str) -> None:
    """The five machine-drafted catalogs say so in their headers, and translation_status reads them."""
    status = translation_status(locale)
    header = scan_po((ROOT / PO.format(locale)).read_text(encoding="utf-8"))
    assert header.header("Project-Id-Version") == "distress_tolerance 0.1.0"
    assert status.translators == ("machine draft (AI-assisted), not yet reviewed",)
    assert status.language_team == "none yet: fluent reviewers wanted"
    assert (status.review_status, status.reviewed_by) == (ReviewState.UNREVIEWED, ())


def test_a_broken_plural_form_fails_on_a_shipped_catalog(tmp_path: Path) -> None:
    """In a copy of es, a plural form without %(n)s or left empty is an error."""
    text = (ROOT / PO.format("es")).read_text(encoding="utf-8")
    broken = tmp_path / "es.po"
    broken.write_text(
        text.replace(
            'msgstr[2] "alrededor de %(n)s minutos"', 'msgstr[2] "alrededor de unos minutos"'
        ).replace(
            'msgstr[0] "Elegidas para un malestar de %(level)s sobre 10, %(n)s minuto, en público."',
            'msgstr[0] ""',
        ),
        encoding="utf-8",
    )
    with (ROOT / "locales" / "distress_tolerance.pot").open("rb") as fileobj:
        template = read_po(fileobj)
    found = {(f.rule, f.where, f.message.split(" ")[0]) for f in check_catalog(broken, "es", template)}
    assert ("placeholder", "msgid 'about %(n)s minute'", "msgstr[2]") in found
    assert any(rule == "partial-plural" and "Chosen for distress" in where for rule, where, _ in found), found


def test_header_and_folder_name_are_checked(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Language header naming another locale, a fuzzy header, folders that are no locale: all errors."""
    po = pack / PO.format("es")
    text = po.read_text(encoding="utf-8").replace(
        'msgid ""\nmsgstr ""\n', '#, fuzzy\nmsgid ""\nmsgstr ""\n', 1
    )
    po.write_text(text.replace('"Language: es\\n"', '"Language: fr\\n"'), encoding="utf-8")
    for name in ("es-mx", "xx", "not a locale"):
        (pack / "locales" / name).mkdir()
    status, out, _ = run(capsys, "check", "--pack", pack)
    assert (status, out.splitlines()) == (
        1,
        [
            f"{po}:7: [fuzzy] header: fuzzy header: remove the flag",
            f"{po}:7: [header] Language: is 'fr', expected 'es'",
            f"{pack / 'locales' / 'es-mx'}: [locale-name] es-mx: not a normalised locale (use 'es_MX')",
            f"{pack / 'locales' / 'not a locale'}: [locale-name] not a locale: not a locale CLDR knows",
            f"{pack / 'locales' / 'xx'}: [locale-name] xx: not a locale CLDR knows",
            "5 error(s), 0 warning(s)",
        ],
    )


def test_expected_plural_forms_follow_cldr() -> None:
    """Arabic has six forms; a pseudo-locale takes its language's; spacing does not matter."""
    assert expected_plural_forms("ar")[0] == 6
    assert expected_plural_forms("en_XA") == expected_plural_forms("en") == (2, "(n != 1)")
    assert plural_forms_match("nplurals=2;  plural=n != 1 ;", "de")
    assert not plural_forms_match("nplurals=2; plural=(n != 1);", "ar")


def test_stats_numbers_are_exact(capsys: pytest.CaptureFixture[str]) -> None:
    """A plural message counts once; the header and obsolete entries never count; fuzzy is not reviewed."""
    status, out, _ = run(capsys, "stats", "--format", "json", "--pack", STATS)
    data = json.loads(out)
    rows = {row["locale"]: row for row in data["locales"]}
    assert (status, data["messages"]) == (0, 5)
    assert rows["es"]["counts"] == {"total": 5, "translated": 4, "fuzzy": 1, "untranslated": 0, "reviewed": 3}
    assert rows["es"]["percent"] == {"translated": 80.0, "fuzzy": 20.0, "untranslated": 0.0, "reviewed": 60.0}
    assert rows["fr"]["counts"] == {"total": 5, "translated": 1, "fuzzy": 1, "untranslated": 3, "reviewed": 0}
    assert rows["fr"]["percent"] == {"translated": 20.0, "fuzzy": 20.0, "untranslated": 60.0, "reviewed": 0.0}
    status, out, _ = run(capsys, "stats", "--pack", STATS)
    assert out.splitlines()[:3] == [
        "LOCALE      TRANSLATED           FUZZY    UNTRANSLATED        REVIEWED  REVIEW STATUS",
        "es           4 (80.0%)       1 (20.0%)        0 (0.0%)       3 (60.0%)  partial",
        "fr           1 (20.0%)       1 (20.0%)       3 (60.0%)        0 (0.0%)  unreviewed",
    ]
    assert "  X-Reviewed-By:   Rosa Revisora <rosa@example.org>; Luis Lector <luis@example.org>" in out


def test_translation_status_model() -> None:
    """translation_status reads the review headers by hand-edited name, and counts against the .pot."""
    assert translation_status("es", pack=STATS) == TranslationStatus(
        locale="es",
        path=str(STATS / PO.format("es")),
        translators=("Ana Ejemplo <ana@example.org>",),
        language_team="Spanish <es@example.org>",
        review_status=ReviewState.PARTIAL,
        reviewed_by=("Rosa Revisora <rosa@example.org>", "Luis Lector <luis@example.org>"),
        counts=MessageCounts(total=5, translated=4, fuzzy=1, untranslated=0, reviewed=3),
    )
    french = translation_status("fr", pack=STATS)
    assert (french.translators, french.language_team, french.review_status) == (
        (),
        None,
        ReviewState.UNREVIEWED,
    )
    with pytest.raises(UnknownLocaleError):
        translation_status("../evil", pack=STATS)
    with pytest.raises(CatalogError, match="no catalog"):
        translation_status("de", pack=STATS)


def test_init_creates_a_catalog_with_cldr_plural_forms(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`init ar` writes Language, six plural forms, the translator and review headers, empty msgstrs."""
    status, out, _ = run(
        capsys, "init", "ar", "--translator", "Sami Example <sami@example.org>", "--pack", pack
    )
    po = pack / PO.format("ar")
    scan = scan_po(po.read_text(encoding="utf-8"))
    assert (status, out.splitlines()[0].split(" (")[0]) == (0, f"created {po}")
    assert scan.header("Language") == "ar"
    assert plural_forms_match(scan.header("Plural-Forms") or "", "ar")
    assert scan.header("Last-Translator") == "Sami Example <sami@example.org>"
    assert scan.header("X-Review-Status") == "unreviewed"
    assert [str(f) for f in check_catalog(po, "ar", None) if not f.warning] == []
    assert translation_status("ar", pack=pack).counts.untranslated == 6


def test_init_refuses_to_overwrite_or_to_take_an_unknown_locale(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing catalog is never overwritten; a locale CLDR lacks or a path is refused; nothing is made."""
    po = pack / PO.format("es")
    before = po.read_bytes()
    status, _, err = run(capsys, "init", "es", "--pack", pack)
    assert (status, po.read_bytes(), "already exists" in err) == (1, before, True)
    assert run(capsys, "init", "xx", "--pack", pack)[:2] == (1, "")
    assert run(capsys, "init", "../evil", "--pack", pack)[:2] == (1, "")
    assert sorted(p.name for p in (pack / "locales").iterdir()) == ["distress_tolerance.pot", "es"]


def test_update_keeps_review_headers_and_flags(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`update` leaves a current catalog byte-identical, adds new messages without losing reviews, and
    never rewrites a damaged catalog."""
    po = pack / PO.format("es")
    before = po.read_bytes()
    assert run(capsys, "update", "--pack", pack)[0] == 0
    assert po.read_bytes() == before
    yaml = pack / "data" / "techniques" / "sample.yaml"
    yaml.write_text(
        yaml.read_text().replace("    seconds: 10\n", "    seconds: 10\n  - id: four\n    text: Rest.\n")
    )
    assert run(capsys, "extract", "--pack", pack)[0] == 0
    assert run(capsys, "update", "--pack", pack)[0] == 0
    status = translation_status("es", pack=pack)
    assert (status.review_status, status.reviewed_by) == (
        ReviewState.PARTIAL,
        ("Rosa Revisora <rosa@example.org>",),
    )
    assert status.counts == MessageCounts(total=7, translated=6, fuzzy=0, untranslated=1, reviewed=1)
    damaged = install(pack, "truncated.po", "es")
    before = damaged.read_bytes()
    status_code, _, err = run(capsys, "update", "--pack", pack)
    assert (status_code, damaged.read_bytes()) == (1, before)
    assert (
        err == f"distress-tolerance: error: {damaged}:55: unterminated or malformed quoted string "
        "(is the file truncated?); not updated (see `distress-tolerance i18n check`)\n"
    )


def test_extraction_is_deterministic_and_versioned(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two extractions write the same .pot (creation date aside), with our version in its header."""
    first = pot_bytes(extract_catalog(pack, templates=False))
    assert run(capsys, "extract", "--pack", pack)[0] == 0
    second = (pack / "locales" / "distress_tolerance.pot").read_bytes()
    assert same_pot(first, second)
    assert f'"Project-Id-Version: distress_tolerance {version("distress-tolerance")}\\n"'.encode() in second
    assert same_pot(
        second, at_our_version((CATALOGS / "pack" / "locales" / "distress_tolerance.pot").read_bytes())
    )


def message_key(message: Message) -> tuple[object, ...]:
    """What extraction decides about a message: context, ids, locations, translator notes."""
    return (message.context, message.id, tuple(message.locations), tuple(message.auto_comments))


def _lines_of_python_dropped(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """A message key without the line numbers of Python files: Babel releases report different
    lines for a call spread over several lines (ours are each message's first line, see pot.py)."""
    context, msgid, locations, *rest = key
    kept = tuple((path, None if path.endswith(".py") else line) for path, line in locations)
    return (context, msgid, kept, *rest)


def test_pybabel_extracts_the_same_messages(tmp_path: Path) -> None:
    """`pybabel extract -F pyproject.toml --ignore-dirs ".*"` (the registered extractor, the documented
    command) finds what our extraction finds, the labels in ``_render/`` included."""
    out = tmp_path / "pybabel.pot"
    pybabel = [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "pyproject.toml"]
    pybabel += ["--ignore-dirs", ".* .tools venv*"]
    subprocess.run(
        [*pybabel, "-c", "NOTE", "-s", "-o", str(out), "."], cwd=ROOT, check=True, capture_output=True
    )
    with out.open("rb") as fileobj:
        theirs = [_lines_of_python_dropped(message_key(m)) for m in read_po(fileobj) if m.id]
    wrapped = read_po(io.BytesIO(pot_bytes(extract_catalog(ROOT, templates=True))))  # wrapped as pybabel does
    ours = [_lines_of_python_dropped(message_key(m)) for m in wrapped if m.id]
    assert len(theirs) > 400
    assert sorted(theirs, key=repr) == sorted(ours, key=repr)


MESSAGE = st.lists(
    st.one_of(st.text(max_size=30), st.sampled_from(["%(n)s", "%(word)s", "%%", "988", " 4 "])), max_size=8
).map("".join)


@given(MESSAGE)
def test_pseudo_text_keeps_placeholders_and_digits(text: str) -> None:
    """Pseudo-localized text keeps every placeholder and digit, is bracketed and about 35% longer."""
    pseudo = pseudo_text(text)
    assert placeholders(pseudo) == placeholders(text)
    assert re.findall(r"\d", pseudo) == re.findall(r"\d", text)
    if text:
        assert pseudo.startswith("[") and pseudo.endswith("]")
        assert len(pseudo) >= len(text) + round(len(text) * 0.35) - 1
    if forbidden_character(text) is None:
        assert forbidden_character(pseudo) is None


def test_pseudo_locale_renders_with_every_placeholder(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`pseudo` writes en_XA (.po and .mo); it passes check, and a technique renders in it."""
    status, _, _ = run(capsys, "pseudo", "--pack", pack)
    mo = pack / PO.format("en_XA").replace(".po", ".mo")
    catalog = read_mo(mo, "en_XA")
    assert (status, catalog.rejected) == (0, ())
    assert all(placeholders(k.rpartition("\x04")[2]) == placeholders(v) for k, v in catalog.messages.items())
    assert all(placeholders(k) == placeholders(f) for k, forms in catalog.plurals.items() for f in forms)
    assert run(capsys, "check", "en_XA", "--pack", pack) == (0, "0 error(s), 0 warning(s)\n", "")
    renderer = dt.Renderer(dt.load(pack, builtin=False))
    text = renderer.render("sample", locale="en_XA")
    html = renderer.render("sample", format="html", locale="en_XA")
    assert "[Šàɱþĺé ƀŕéàţĥîñĝ" in text
    assert re.search(r"\[[^\]\n]*\b10\b[^\]\n]*\]", text)  # a counted interface string, pseudo-localized
    assert "%(" not in text + html
    assert 'lang="en-XA"' in html


def test_help_explains_review_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """`i18n --help` says that review is the `#, reviewed` flag and documents the review headers."""
    with pytest.raises(SystemExit):
        main(["i18n", "--help"])
    out = capsys.readouterr().out
    assert all(word in out for word in ("#, reviewed", "X-Review-Status", "X-Reviewed-By", "Last-Translator"))


def test_scan_finds_what_babel_forgives() -> None:
    """The raw scan reports cut strings, unknown escapes, stray lines, lone msgids and duplicates."""
    head = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
    assert scan_po(head + 'msgid "a"\nmsgstr "b\n').problems[0][0] == 6
    assert scan_po(head + 'msgid "a"\nmsgstr "b\\q"\n').problems == ((6, "unknown escape sequence \\q"),)
    assert scan_po(head + 'msgid "a"\nnonsense\nmsgstr "b"\n').problems[0] == (
        6,
        "not a PO keyword, comment or quoted string",
    )
    assert scan_po(head + 'msgid "a"\n').problems == ((5, "msgid without msgstr (is the file truncated?)"),)
    assert scan_po(head + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n').duplicates == ((8, None, "a"),)


def test_finding_format() -> None:
    """Errors print as `file:line: [rule] where: message`; warnings say so."""
    assert str(Finding("a.po", 3, "markup", "x.title", "bad")) == "a.po:3: [markup] x.title: bad"
    assert (
        str(Finding("a.po", None, "untranslated", "es", "2", warning=True))
        == "a.po: warning: [untranslated] es: 2"
    )


def test_extract_and_update_leave_unchanged_catalogs_alone(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Re-running extract and update with nothing new rewrites nothing (no creation-date churn)."""
    assert main(["i18n", "extract", "--pack", str(pack)]) == 0
    assert main(["i18n", "update", "--pack", str(pack)]) == 0
    files = sorted(pack.glob("locales/**/*.po*"))
    before = {path: path.read_bytes() for path in files}
    capsys.readouterr()
    assert main(["i18n", "extract", "--pack", str(pack)]) == 0
    assert main(["i18n", "update", "--pack", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "unchanged:" in out
    assert {path: path.read_bytes() for path in files} == before


def test_init_writes_the_tables_plural_rule_not_babels(
    pack: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`init` writes our table's Plural-Forms even when the installed Babel would say otherwise."""
    import babel.messages.catalog
    import babel.messages.plurals

    from distress_tolerance._i18n.plural_table import PLURAL_RULES

    wrong = babel.messages.plurals._PluralTuple((2, "(n != 1)"))
    monkeypatch.setattr(babel.messages.catalog, "get_plural", lambda locale=None: wrong)
    monkeypatch.setattr(babel.messages.plurals, "get_plural", lambda locale=None: wrong)
    assert run(capsys, "init", "it", "--pack", pack)[0] == 0
    declared = scan_po((pack / PO.format("it")).read_text(encoding="utf-8")).header("Plural-Forms")
    nplurals, expression = PLURAL_RULES["it"]
    assert declared == f"nplurals={nplurals}; plural={expression};"
