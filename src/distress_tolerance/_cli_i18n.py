"""``distress-tolerance i18n``: the translator's workflow on the built-in pack or a host's pack."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from distress_tolerance._catalog import DOMAIN

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

_PROJECT = "distress_tolerance"
WIDTH = 76  # Babel's default line width, so hand-saved and tool-saved catalogs agree
_BUGS = "https://example.invalid/distress-tolerance/issues"


def add_i18n_commands(commands: Any) -> None:
    """Register ``i18n`` and its subcommands on the main parser."""
    i18n = commands.add_parser(
        "i18n",
        help="extract, compile and check translations",
        description="Work with translation catalogs (no coding required).",
    )
    sub = i18n.add_subparsers(title="i18n commands", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="write locales/distress_tolerance.pot from the content and templates")
    _pack_option(p)
    p.set_defaults(run=_extract)

    p = sub.add_parser("update", help="merge the .pot into every .po (new messages start empty)")
    _pack_option(p)
    p.set_defaults(run=_update)

    p = sub.add_parser("compile", help="compile every .po to .mo (fuzzy entries are left out)")
    _pack_option(p)
    p.set_defaults(run=_compile)


def _pack_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--pack", type=Path, default=None, help="folder with data/ and locales/ (default: the built-in pack)"
    )


def _root(args: argparse.Namespace) -> tuple[Path, bool]:
    from distress_tolerance._pack import builtin_pack

    if args.pack is not None:
        return args.pack, False
    return builtin_pack().root, True


def pot_path(root: Path) -> Path:
    """Where a pack keeps its template catalog."""
    return root / "locales" / f"{DOMAIN}.pot"


def extract_catalog(root: Path, *, templates: bool) -> Catalog:
    """Extract every message of a pack (and, for the built-in pack, of our templates)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract

    from distress_tolerance.extract import extract_yaml

    catalog = Catalog(
        project=_PROJECT,
        msgid_bugs_address=_BUGS,
        copyright_holder="distress_tolerance contributors",
        charset="utf-8",
        fuzzy=False,
    )
    sources: list[tuple[Path, Any]] = [(p, extract_yaml) for p in sorted((root / "data").rglob("*.yaml"))]
    if templates:
        template_dir = Path(__file__).parent / "templates"
        sources += [(p, "jinja2") for p in sorted(template_dir.rglob("*")) if p.is_file()]
    for path, method in sources:
        shown = _shown(path, root)
        with path.open("rb") as fileobj:
            for lineno, message, comments, context in extract(
                method, fileobj, comment_tags=("NOTE",), strip_comment_tags=True
            ):
                catalog.add(message, None, [(shown, lineno)], auto_comments=comments, context=context)
    return catalog


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def pot_bytes(catalog: Catalog) -> bytes:
    """A ``.pot`` as written, in a deterministic form."""
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, sort_output=False, include_previous=False)
    return out.getvalue()


def same_pot(a: bytes, b: bytes) -> bool:
    """True when two ``.pot`` files differ at most in their creation date."""

    def strip(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(b'"POT-Creation-Date:')]

    return strip(a) == strip(b)


def write_pot(catalog: Catalog, path: Path) -> None:
    """Write a ``.pot`` deterministically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pot_bytes(catalog))


def _extract(args: argparse.Namespace, out: TextIO) -> int:
    root, builtin = _root(args)
    catalog = extract_catalog(root, templates=builtin)
    target = pot_path(root)
    write_pot(catalog, target)
    out.write(f"wrote {len(catalog)} messages to {target}\n")
    return 0


def _update(args: argparse.Namespace, out: TextIO) -> int:
    from babel.messages.pofile import read_po, write_po

    root, _ = _root(args)
    with pot_path(root).open("rb") as fileobj:
        template = read_po(fileobj)
    for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as fileobj:
            catalog = read_po(fileobj, locale=po.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()  # removed messages leave no trace in shipped catalogs
        with po.open("wb") as fileobj:
            write_po(fileobj, catalog, width=WIDTH, include_previous=False)
        untranslated = sum(1 for m in catalog if m.id and not m.string)
        out.write(f"updated {po} ({untranslated} untranslated)\n")
    return 0


def _compile(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._build import compile_catalog
    from distress_tolerance._catalog import clear_catalog_cache

    root, _ = _root(args)
    count = 0
    for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        compile_catalog(po, po.with_suffix(".mo"), po.parent.parent.name)
        out.write(f"compiled {po.with_suffix('.mo')}\n")
        count += 1
    clear_catalog_cache()
    out.write(f"{count} catalog(s) compiled\n")
    return 0
