"""Hostile catalogs: bounded reading, per-entry rejection, cached failures, total plural rules.

Every case is a file a host pack or an outside contributor could ship. Each must end in a
CatalogError naming the locale and the path (and the line, for a .po), or load with the bad
entry alone falling back to English; never another exception, never a crash at render time.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo

import distress_tolerance as dt
from distress_tolerance._content import pack as _pack
from distress_tolerance._content.text import forbidden_character
from distress_tolerance._i18n import catalog as _catalog
from distress_tolerance._i18n.catalog import (
    CatalogWarning,
    catalog_failure,
    clear_catalog_cache,
    load_catalog,
    plural_function,
    read_mo,
    read_po,
)
from distress_tolerance._i18n.catalog_files import MAX_CATALOG_BYTES, MAX_ENTRIES, MAX_PO_LINES
from distress_tolerance._i18n.po import read_catalog, scan_po
from distress_tolerance._i18n.translate import Translator
from distress_tolerance._tools.i18n_check import check_catalog
from distress_tolerance._tools.i18n_rules import plural_expression_problem
from distress_tolerance.cli import main
from distress_tolerance.exceptions import CatalogError, LocaleFallbackWarning
from tests.conftest import FIXTURES

PACK = FIXTURES / "catalogs" / "pack"
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: {plural}\\n"\n\n'
)
SPANISH = "nplurals=2; plural=(n != 1);"
SEPARATORS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
"""Characters str.splitlines() splits at, which gettext and Babel take as ordinary text."""


def po_text(body: str, plural: str = SPANISH) -> str:
    """A Spanish .po: our header, then ``body``."""
    return HEADER.format(plural=plural) + body


def write(tmp_path: Path, suffix: str, data: bytes | str, locale: str = "es") -> Path:
    """Put a catalog file where a pack keeps it; returns its path."""
    path = tmp_path / "locales" / locale / "LC_MESSAGES" / f"distress_tolerance{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def mo_bytes(messages: dict[str | tuple[str, str], str | tuple[str, str]], plural: str = SPANISH) -> bytes:
    """A .mo written by Babel."""
    catalog = BabelCatalog(locale="es")
    catalog.mime_headers = [("Plural-Forms", plural)]
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def mo_header(count: int, originals: int, translations: int) -> bytes:
    """The 28-byte header of a little-endian .mo."""
    return struct.pack("<7I", 0x950412DE, 0, count, originals, translations, 0, 0)


def refused(call: Callable[[], object], path: Path) -> CatalogError:
    """The CatalogError ``call`` raises, checked to name the locale and the path."""
    with pytest.raises(CatalogError) as caught:
        call()
    assert (caught.value.locale, caught.value.path) == ("es", str(path))
    return caught.value


# Size, count and structure limits


@pytest.mark.parametrize("suffix", [".po", ".mo"])
def test_a_catalog_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path, suffix, b"")
    with path.open("r+b") as fileobj:
        fileobj.truncate(MAX_CATALOG_BYTES + 1)  # sparse: nothing is written, nothing need be read
    reader = read_po if suffix == ".po" else read_mo
    assert "over the limit" in refused(lambda: reader(path, "es"), path).reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "shorter than a .mo header"),
        (b"\x00" * 28, "bad magic number"),
        (mo_header(2**32 - 1, 28, 28), "claims 4,294,967,295 entries"),
        (mo_header(MAX_ENTRIES + 2, 28, 28), "over the limit"),
        (mo_header(1000, 28, 28), "index points past the end"),
        (mo_header(1, 28, 2**31) + b"\x00" * 16, "index points past the end"),
        (mo_header(1, 28, 36) + struct.pack("<4I", 2**31, 0, 0, 0), "entry 0 points past the end"),
        (mo_header(1, 28, 36) + struct.pack("<4I", 2, 44, 2, 44) + b"\xff\xfe", "entry 0 is not UTF-8"),
    ],
    ids=["empty", "magic", "count-2**32", "count-limit", "index", "table-offset", "entry", "not-utf8"],
)
def test_a_corrupt_mo_is_refused_naming_locale_and_path(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, ".mo", data)
    error = refused(lambda: read_mo(path, "es"), path)
    assert error.reason.startswith("corrupt or truncated .mo")
    assert reason in error.reason


def test_a_truncated_mo_is_refused_at_every_length(tmp_path: Path) -> None:
    """Cut a real .mo anywhere: a CatalogError, or (only the final NUL lost) the whole catalog."""
    whole = mo_bytes({"Hold": "Sostén", ("%(n)s minute", "%(n)s minutes"): ("%(n)s minuto", "%(n)s minutos")})
    full = read_mo(write(tmp_path, ".mo", whole), "es")
    assert full.get("Hold") == "Sostén"
    loaded = []
    for length in range(len(whole)):
        path = write(tmp_path, ".mo", whole[:length])
        try:
            catalog = read_mo(path, "es")
        except CatalogError as exc:
            assert (exc.locale, exc.path) == ("es", str(path))
            continue
        assert (catalog.messages, catalog.plurals) == (full.messages, full.plurals)
        loaded.append(length)
    assert loaded == [len(whole) - 1]  # the terminating NUL of the last string is not counted


def test_a_po_with_more_entries_than_the_limit_is_refused(tmp_path: Path) -> None:
    body = "".join(f'msgid "m{i}"\nmsgstr "x{i}"\n\n' for i in range(MAX_ENTRIES + 1))
    path = write(tmp_path, ".po", po_text(body))
    assert f"over the limit of {MAX_ENTRIES:,}" in refused(lambda: read_po(path, "es"), path).reason


def test_a_po_at_the_entry_limit_loads(tmp_path: Path) -> None:
    body = "".join(f'msgid "m{i}"\nmsgstr "x{i}"\n\n' for i in range(MAX_ENTRIES))
    catalog = read_po(write(tmp_path, ".po", po_text(body)), "es")
    assert (len(catalog.messages), catalog.get(f"m{MAX_ENTRIES - 1}")) == (MAX_ENTRIES, f"x{MAX_ENTRIES - 1}")


def test_a_one_megabyte_msgid_loads_within_the_size_limit(tmp_path: Path) -> None:
    big = "a" * (1 << 20)
    catalog = read_po(write(tmp_path, ".po", po_text(f'msgid "{big}"\nmsgstr "b"\n')), "es")
    assert catalog.get(big) == "b"


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ('msgid "Hold"\nmsgstr "Sost', 8, "unterminated"),
        ('msgid "Hold"\nmsgstr "Sostén"\nmsgstr "otra"\n', 9, "appears twice"),
        ('msgid "Hold"\nbogus\nmsgstr "x"\n', 8, "not a PO keyword"),
        ('msgid "Hold"\n', 7, "msgid without msgstr"),
        ('msgid "Hold"\nmsgstr "\\q"\n', 8, "unknown escape"),
    ],
    ids=["truncated", "twice", "stray", "no-msgstr", "escape"],
)
def test_a_corrupt_po_is_refused_naming_locale_path_and_line(
    tmp_path: Path, body: str, line: int, reason: str
) -> None:
    path = write(tmp_path, ".po", po_text(body))
    error = refused(lambda: read_po(path, "es"), path)
    assert error.reason.startswith(f"line {line}: ")
    assert reason in error.reason


def test_a_po_that_is_not_utf8_or_has_a_bad_charset_is_refused(tmp_path: Path) -> None:
    """Catalogs are UTF-8: other bytes are refused; a bogus charset is refused by the tools (Babel)."""
    path = write(tmp_path, ".po", po_text('msgid "Hold"\nmsgstr "S\xff"\n').encode("latin-1"))
    assert "not UTF-8" in refused(lambda: read_po(path, "es"), path).reason
    bad_charset = po_text('msgid "Hold"\nmsgstr "x"\n').replace("charset=UTF-8", "charset=no-such-codec")
    path = write(tmp_path, ".po", bad_charset)
    assert read_po(path, "es").get("Hold") == "x"  # the run time reads UTF-8 whatever the header says
    refused(lambda: read_catalog(path, "es"), path)


# Characters Babel accepts: the catalog loads, a forbidden one rejects its entry alone


@pytest.mark.parametrize("char", SEPARATORS, ids=[f"U+{ord(c):04X}" for c in SEPARATORS])
@pytest.mark.parametrize("suffix", [".po", ".mo"])
def test_a_line_separator_in_one_msgstr_rejects_that_entry_only(
    tmp_path: Path, char: str, suffix: str
) -> None:
    odd = f"Sostén{char}aquí"
    if suffix == ".po":
        path = write(
            tmp_path, ".po", po_text(f'msgid "Hold"\nmsgstr "{odd}"\n\nmsgid "Breathe"\nmsgstr "Respira"\n')
        )
        catalog = read_po(path, "es")
    else:
        catalog = read_mo(write(tmp_path, ".mo", mo_bytes({"Hold": odd, "Breathe": "Respira"})), "es")
    assert catalog.get("Breathe") == "Respira"
    if forbidden_character(odd) is None:
        assert (catalog.get("Hold"), catalog.rejected) == (odd, ())
    else:
        assert catalog.get("Hold") is None
        assert [key for key, _ in catalog.rejected] == ["Hold"]


def test_a_nul_in_a_po_msgstr_rejects_that_entry_only(tmp_path: Path) -> None:
    path = write(
        tmp_path, ".po", po_text('msgid "Hold"\nmsgstr "a\x00b"\n\nmsgid "Breathe"\nmsgstr "Respira"\n')
    )
    catalog = read_po(path, "es")
    assert (catalog.get("Hold"), catalog.get("Breathe"), len(catalog.rejected)) == (None, "Respira", 1)


# A broken catalog: read once, reported once, the locale falls back


def test_a_broken_catalog_is_read_once_warned_once_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locales = tmp_path / "locales"
    write(tmp_path, ".po", po_text('msgid "Hold"\nmsgstr "x'))  # truncated
    calls: list[Path] = []
    real = _catalog.read_po

    def counting(path: Path, locale: str) -> _catalog.Catalog:
        calls.append(path)
        return real(path, locale)

    monkeypatch.setattr(_catalog, "read_po", counting)
    with pytest.warns(CatalogWarning, match="line 8: unterminated") as caught:
        results = [load_catalog(locales, "es") for _ in range(5)]
    assert (results, len(calls), len(caught)) == ([None] * 5, 1, 1)
    failure = catalog_failure(locales, "es")
    assert failure is not None
    assert failure.locale == "es"
    with pytest.raises(CatalogError):
        load_catalog(locales, "es", strict=True)
    assert len(calls) == 1  # strict re-raises the cached error
    write(tmp_path, ".po", po_text('msgid "Hold"\nmsgstr "Sostén"\n'))  # fixed: another size
    fixed = load_catalog(locales, "es")
    assert (fixed is not None and fixed.get("Hold"), len(calls)) == ("Sostén", 2)
    assert catalog_failure(locales, "es") is None


def test_clear_catalog_cache_forgets_a_cached_failure(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    write(tmp_path, ".mo", b"\x00" * 40)
    for _ in range(2):
        with pytest.warns(CatalogWarning, match="bad magic"):
            assert load_catalog(locales, "es") is None
        clear_catalog_cache()


def test_a_corrupt_mo_newer_than_its_po_is_named_and_the_locale_falls_back(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(PACK, root)
    po = root / "locales/es/LC_MESSAGES/distress_tolerance.po"
    mo = po.with_suffix(".mo")
    mo.write_bytes(mo_header(5, 28, 68))
    os.utime(mo, (po.stat().st_mtime + 10, po.stat().st_mtime + 10))
    renderer = dt.Renderer(dt.load(root, builtin=False))
    with pytest.warns(CatalogWarning) as caught:  # noqa: PT031
        warnings.simplefilter("ignore", LocaleFallbackWarning)
        pages = [renderer.render("sample", locale=loc) for loc in ("es", "es_MX", "es")]
    assert all("Sample breathing" in page for page in pages)
    assert [str(w.message).split(": ")[0] for w in caught if w.category is CatalogWarning] == [str(mo)]


def test_a_broken_regional_catalog_falls_back_to_its_language(tmp_path: Path) -> None:
    write(tmp_path, ".po", po_text('msgid "Hold"\nmsgstr "Sostén"\n'))
    broken = write(tmp_path, ".po", "garbage\n", locale="es_MX")
    with pytest.warns(CatalogWarning, match=str(broken)):
        translator = Translator((tmp_path / "locales",), "es_MX")
    assert translator.gettext("Hold") == "Sostén"


# Files that are not what they seem


def test_a_catalog_linked_from_outside_the_pack_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.po"
    secret.write_text(po_text('msgid "Hold"\nmsgstr "secret"\n'), encoding="utf-8")
    link = tmp_path / "pack/locales/es/LC_MESSAGES/distress_tolerance.po"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    assert "outside the pack" in refused(lambda: read_po(link, "es"), link).reason
    inside = tmp_path / "pack/locales/es_MX/LC_MESSAGES/distress_tolerance.po"
    inside.parent.mkdir(parents=True)
    inside.symlink_to(link.parent / "shared.po")
    (link.parent / "shared.po").write_text(po_text('msgid "Hold"\nmsgstr "Sostén"\n'), encoding="utf-8")
    assert read_po(inside, "es_MX").get("Hold") == "Sostén"  # a link inside the pack is followed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_or_device_as_catalog_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "locales/es/LC_MESSAGES/distress_tolerance.mo"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    assert "not a regular file" in refused(lambda: read_mo(fifo, "es"), fifo).reason
    po = fifo.with_suffix(".po")
    po.symlink_to("/dev/zero")
    assert "outside the pack" in refused(lambda: read_po(po, "es"), po).reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "not a flat list"),
        ('[{"a": 1}]', "not a flat list"),
        ('{"a": "b"}', "not a flat list"),
        ("[1, 2]", "not a list of strings"),
        ('["a", "b"', "Expecting"),
        ('"[[[["', "not a list of strings"),
    ],
    ids=["deep", "object-in-list", "object", "numbers", "cut", "string"],
)
def test_a_bad_review_list_is_refused(tmp_path: Path, content: str, reason: str) -> None:
    mo = write(tmp_path, ".mo", mo_bytes({"Hold": "Sostén"}))
    sidecar = mo.with_suffix(".reviewed.json")
    sidecar.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_mo(mo, "es")
    assert (caught.value.locale, caught.value.path) == ("es", str(sidecar))
    assert reason in caught.value.reason


def test_a_review_list_with_brackets_inside_keys_loads(tmp_path: Path) -> None:
    mo = write(tmp_path, ".mo", mo_bytes({"Hold [x] {y}": "Sostén", "Breathe": "Respira"}))
    mo.with_suffix(".reviewed.json").write_text(json.dumps(["Hold [x] {y}", 'q"[']), encoding="utf-8")
    assert read_mo(mo, "es").reviewed == frozenset({"Hold [x] {y}"})


# Plural rules that are not total


PLURAL_CASES = [
    "nplurals=2; plural=n/(n-1);",
    "nplurals=2; plural=n%0;",
    "nplurals=2; plural=n*100;",
    "nplurals=2; plural=n-5;",
    "nplurals=2; plural=" + "(" * 30 + "n" + ")" * 30 + ";",
    "nplurals=2; plural=" + "n+" * 5000 + "1;",
    "nplurals=2; plural=n ** 2;",
]
PLURAL_IDS = ["div-zero", "mod-zero", "huge", "negative", "nested", "10kB", "not-c"]


@pytest.mark.parametrize("plural", PLURAL_CASES, ids=PLURAL_IDS)
def test_a_bad_plural_expression_never_fails_a_lookup(tmp_path: Path, plural: str) -> None:
    forms = ("%(n)s minute", "%(n)s minutes")
    data = mo_bytes({forms: ("%(n)s minuto", "%(n)s minutos")}, plural=plural)
    translator = Translator((tmp_path / "locales",), "es")
    write(tmp_path, ".mo", data)
    clear_catalog_cache()
    translator = Translator((tmp_path / "locales",), "es")
    for n in [0, 1, 2, 5, 101, 2**40]:
        text = translator.ngettext(*forms, n)
        assert text in {"%(n)s minuto", "%(n)s minutos", *forms}
        if text in forms:  # the rule failed for n: the English plural, never a wrong form
            assert text == (forms[0] if n == 1 else forms[1])
    assert plural_expression_problem(plural) is not None


def test_plural_function_is_total_and_keeps_good_rules() -> None:
    good = plural_function({"plural-forms": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"})
    assert [good(n) for n in (1, 2, 7)] == [0, 1, 2]
    divides = plural_function({"plural-forms": "nplurals=2; plural=n/(n-1);"})
    assert (divides(1), divides(2)) == (-1, 2)
    assert plural_function({})(1) == 0
    assert plural_expression_problem("nplurals=2; plural=(n != 1);") is None


def test_check_reports_a_plural_expression_that_divides_by_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "pack"
    shutil.copytree(PACK, root)
    po = root / "locales/es/LC_MESSAGES/distress_tolerance.po"
    old = '"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0"\n" ? 1 : 2);\\n"'
    text = po.read_text("utf-8")
    assert old in text
    po.write_text(text.replace(old, '"Plural-Forms: nplurals=3; plural=n/(n-1);\\n"'), "utf-8")
    assert main(["i18n", "check", "--pack", str(root)]) == 1
    out = capsys.readouterr().out
    assert "[plural-forms] Plural-Forms: the plural expression fails for n=1 (ZeroDivisionError)" in out


def test_a_language_header_mismatch_loads_but_check_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "pack"
    shutil.copytree(PACK, root)
    po = root / "locales/es/LC_MESSAGES/distress_tolerance.po"
    po.write_text(po.read_text("utf-8").replace('"Language: es\\n"', '"Language: fr\\n"'), "utf-8")
    assert read_po(po, "es").messages
    assert main(["i18n", "check", "--pack", str(root)]) == 1
    assert "[header] Language: is 'fr', expected 'es'" in capsys.readouterr().out


# The i18n tools: refused targets, no tracebacks, host rewordings kept


def test_compile_on_a_missing_pack_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("compile", "update", "check", "stats", "extract"):
        assert main(["i18n", command, "--pack", str(tmp_path / "nowhere")]) == 1
        err = capsys.readouterr().err
        assert f"{tmp_path / 'nowhere'}: no such folder" in err
        assert "Traceback" not in err


@pytest.mark.parametrize("command", [["init", "it"], ["update"], ["compile"], ["extract"], ["pseudo"]])
def test_writing_tools_refuse_an_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    installed = tmp_path / "lib/python3/site-packages/distress_tolerance/_pack"
    shutil.copytree(PACK, installed)
    before = sorted((p, p.read_bytes()) for p in installed.rglob("*") if p.is_file())
    monkeypatch.setattr(_pack, "builtin_pack", lambda: _pack.Pack(installed, "distress_tolerance"))
    assert main(["i18n", *command]) == 1
    err = capsys.readouterr().err
    assert "is the installed package" in err
    assert "--pack" in err
    assert sorted((p, p.read_bytes()) for p in installed.rglob("*") if p.is_file()) == before


def test_compile_of_a_broken_po_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "pack"
    shutil.copytree(PACK, root)
    po = root / "locales/es/LC_MESSAGES/distress_tolerance.po"
    po.write_bytes(po.read_bytes()[:-5])
    assert main(["i18n", "compile", "--pack", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"distress-tolerance: error: {po}: catalog for locale 'es' cannot be read: line ")
    assert not po.with_suffix(".mo").exists()


REWORDING = '\n#. interface text\nmsgid "Steps"\nmsgstr "Qué hacer"\n'


def test_update_and_check_keep_a_hosts_rewording_of_interface_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/usage.md: a host may reword our interface strings in its own pack's catalog."""
    root = tmp_path / "pack"
    shutil.copytree(PACK, root)
    po = root / "locales/es/LC_MESSAGES/distress_tolerance.po"
    po.write_text(po.read_text("utf-8") + REWORDING + '\nmsgid "Gone"\nmsgstr "Ido"\n', "utf-8")
    assert main(["i18n", "update", "--pack", str(root)]) == 0
    capsys.readouterr()
    kept = read_po(po, "es")
    assert (kept.get("Steps"), kept.get("Gone")) == ("Qué hacer", None)  # a stale host entry still goes
    assert main(["i18n", "check", "--pack", str(root)]) == 0, capsys.readouterr().out
    assert "stale-entry" not in capsys.readouterr().out
    renderer = dt.Renderer(dt.load(root))
    assert "Qué hacer" in renderer.render("sample", locale="es")


def test_check_survives_a_number_of_5000_digits(tmp_path: Path) -> None:
    """int() refuses over 4,300 digits: the number rules must not call it on a translator's digits."""
    path = write(tmp_path, ".po", po_text(f'msgid "Breathe 4 times"\nmsgstr "Respira {"9" * 5000} veces"\n'))
    findings = check_catalog(path, "es", None)
    assert any(f.rule == "number" for f in findings)


def test_a_po_with_more_lines_than_the_limit_is_refused(tmp_path: Path) -> None:
    body = 'msgid "Hold"\nmsgstr ""\n' + '"a"\n' * MAX_PO_LINES
    path = write(tmp_path, ".po", po_text(body))
    assert f"over the limit of {MAX_PO_LINES:,}" in refused(lambda: read_po(path, "es"), path).reason


def test_a_huge_plural_index_is_a_syntax_error_not_a_crash(tmp_path: Path) -> None:
    body = f'msgid "a"\nmsgid_plural "as"\nmsgstr[{"9" * 5000}] "x"\n'
    path = write(tmp_path, ".po", po_text(body))
    assert refused(lambda: read_po(path, "es"), path).reason.startswith("line 7: ")
    assert (9, "not a PO keyword, comment or quoted string") in scan_po(po_text(body)).problems


def test_the_documented_catalog_and_locale_limits_are_the_codes() -> None:
    """docs/data-format.md states the limits the code applies."""
    from distress_tolerance._i18n import catalog_files as _catalog
    from distress_tolerance._i18n import locale as _locale

    doc = (Path(__file__).resolve().parent.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert f"| Bytes in one `.po` or `.mo` | {_catalog.MAX_CATALOG_BYTES // 2**20} MiB |" in doc
    assert f"| Lines in one `.po` | {_catalog.MAX_PO_LINES:,} |" in doc
    assert f"| Entries in one catalog (the header aside) | {_catalog.MAX_ENTRIES:,} |" in doc
    assert (
        f"`.reviewed.json` (a flat list of strings only) | {_catalog.MAX_REVIEWED_BYTES // 2**20} MiB" in doc
    )
    assert f"| {_catalog.MAX_PLURAL_EXPRESSION:,} and" in doc
    assert f"at most\n{_locale.MAX_LOCALE_LENGTH} characters" in doc
    assert (
        f"at most {_locale.MAX_HEADER_LENGTH:,} characters of a header and its first {_locale.MAX_RANGES}"
        in doc
    )
