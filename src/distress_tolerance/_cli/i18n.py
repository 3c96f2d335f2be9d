"""``distress-tolerance i18n``: the translator's workflow on the built-in pack or a host's pack."""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from distress_tolerance._cli.args import LazyEpilogParser, pack_option
from distress_tolerance._i18n.catalog_files import DOMAIN
from distress_tolerance._tools.pot import (
    WIDTH,
    extract_catalog,
    interface_keys,
    pot_bytes,
    pot_path,
    same_pot,
    write_pot,
)
from distress_tolerance.exceptions import DistressToleranceError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

__all__ = ["add_i18n_commands", "is_source_checkout"]


_REVIEW_HELP = """\
Review is a human act, done by editing the .po file: a fluent reviewer who has checked a message
adds the flag `#, reviewed` above its msgctxt. Hosts may require reviewed translations for safety
text (cautions); elsewhere unreviewed ones are used and marked. Each catalog's header says who
translated it and how far it is reviewed, edited by hand:
  Last-Translator: NAME <EMAIL>         who last translated it
  Language-Team: NAME <EMAIL>           the locale's team, if any
  X-Review-Status: unreviewed|partial|reviewed
                                        unreviewed: no message checked by a fluent reviewer;
                                        partial: some are (those flagged `#, reviewed`);
                                        reviewed: a fluent reviewer checked every message
  X-Reviewed-By: NAME <EMAIL>; NAME <EMAIL>
                                        who reviewed it, separated by `;`
`stats` shows them; `check` warns when X-Review-Status disagrees with the flags."""


def _check_rules() -> str:
    """The rules of ``i18n check``, as its module documents them (the epilog of its help)."""
    from distress_tolerance._tools import i18n_check

    return (i18n_check.__doc__ or "").split("\n", 2)[-1]


def add_i18n_commands(commands: Any) -> None:
    """Register ``i18n`` and its subcommands on the main parser."""
    raw = argparse.RawDescriptionHelpFormatter
    i18n = commands.add_parser(
        "i18n",
        help="extract, compile and check translations",
        description="Work with translation catalogs (no coding required).",
        epilog=_REVIEW_HELP,
        formatter_class=raw,
    )
    sub = i18n.add_subparsers(
        title="i18n commands", required=True, metavar="COMMAND", parser_class=LazyEpilogParser
    )

    p = sub.add_parser("extract", help="write locales/distress_tolerance.pot from the content and templates")
    pack_option(p)
    p.set_defaults(run=_extract)

    p = sub.add_parser(
        "init",
        help="start a new language from the .pot",
        description="Create locales/LOCALE/LC_MESSAGES/distress_tolerance.po from the .pot, with CLDR's "
        "plural forms; an existing catalog is never overwritten.",
    )
    p.add_argument("locale", help="a locale CLDR knows, such as it, es_MX or pt_BR")
    p.add_argument("--translator", default=None, help='your name and address: "NAME <EMAIL>"')
    pack_option(p)
    p.set_defaults(run=_init)

    p = sub.add_parser("update", help="merge the .pot into every .po (new messages start empty)")
    pack_option(p)
    p.set_defaults(run=_update)

    p = sub.add_parser("compile", help="compile every .po to .mo (fuzzy entries are left out)")
    pack_option(p)
    p.set_defaults(run=_compile)

    p = sub.add_parser(
        "check",
        help="check every catalog (or one locale's); exit 1 on any error",
        description="Check the .pot and the catalogs. Findings print as `file:line: [rule] msgctxt: "
        "message`; errors exit 1, warnings (untranslated entries, numbers spelled out) do not.",
        epilog_from=_check_rules,
        formatter_class=raw,
    )
    p.add_argument("locale", nargs="?", default=None, help="only this locale (default: every catalog)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every untranslated entry")
    pack_option(p)
    p.set_defaults(run=_check)

    p = sub.add_parser(
        "stats",
        help="how much of each locale is translated and reviewed, and by whom",
        description="Per locale: translated, fuzzy, untranslated and reviewed messages, counted against "
        "the .pot (a plural message counts once), with the review headers.",
        epilog=_REVIEW_HELP,
        formatter_class=raw,
    )
    p.add_argument("--format", choices=["table", "json"], default="table")
    pack_option(p)
    p.set_defaults(run=_stats)

    p = sub.add_parser(
        "pseudo",
        help="write the pseudo-locale en_XA (accented, longer, bracketed) to test layouts",
        description="Write locales/en_XA/LC_MESSAGES/distress_tolerance.po and .mo: every message "
        "accented, about 35% longer and in brackets, placeholders intact. Render with --locale en_XA. "
        "Generated, never committed.",
    )
    pack_option(p)
    p.set_defaults(run=_pseudo)


class _Refused(DistressToleranceError):
    """A command that cannot run as asked; ``main`` prints it as one error line (exit 1)."""


def _root(args: argparse.Namespace, *, writes: bool = False) -> tuple[Path, bool]:
    """The pack folder to work on, and whether it is the built-in pack.

    A ``--pack`` folder must exist. A command that ``writes`` refuses the built-in pack unless it
    is a source checkout: an installed package is never rewritten (use ``--pack``).
    """
    from distress_tolerance._content import pack as _pack

    if args.pack is not None:
        if not args.pack.is_dir():
            msg = f"{args.pack}: no such folder (--pack takes a folder with data/ and locales/)"
            raise _Refused(msg)
        return args.pack, False
    pack = _pack.builtin_pack()
    if writes and not is_source_checkout(pack.root):
        msg = (
            f"{pack.root} is the installed package, not a source checkout: its catalogs are not "
            "edited in place. Work on your own pack with --pack DIR (a folder with data/ and locales/)"
        )
        raise _Refused(msg)
    return pack.root, True


def is_source_checkout(root: Path) -> bool:
    """True for the repository root of a writable source checkout (not site-packages, not a wheel)."""
    import os

    resolved = root.resolve()
    installed = {"site-packages", "dist-packages"} & set(resolved.parts)
    return (
        not installed and (resolved / "pyproject.toml").is_file() and os.access(resolved / "locales", os.W_OK)
    )


def _extract(args: argparse.Namespace, out: TextIO) -> int:
    root, builtin = _root(args, writes=True)
    catalog = extract_catalog(root, templates=builtin)
    target = pot_path(root)
    if target.is_file() and same_pot(target.read_bytes(), pot_bytes(catalog)):
        out.write(f"{target} is up to date ({len(catalog)} messages)\n")
        return 0  # no rewrite: a new creation date alone would make a noisy diff
    write_pot(catalog, target)
    out.write(f"wrote {len(catalog)} messages to {target}\n")
    return 0


def _init(args: argparse.Namespace, out: TextIO) -> int:
    from babel.core import UnknownLocaleError as BabelUnknownLocale

    from distress_tolerance._i18n.catalog_files import catalog_path
    from distress_tolerance._i18n.locale import parse_locale
    from distress_tolerance._i18n.plural_table import plural_rule
    from distress_tolerance._i18n.po import REVIEW_STATUS, read_catalog

    root, _ = _root(args, writes=True)
    locale = parse_locale(args.locale)  # raises UnknownLocaleError before any file is touched
    rule = plural_rule(locale)
    if rule is None:
        return _fail(f"CLDR does not know the locale {locale!r}: use a code such as it, es_MX or pt_BR")
    target = catalog_path(root / "locales", locale, ".po")
    if target.exists():
        return _fail(f"{target} already exists: edit it, or run `distress-tolerance i18n update`")
    template = pot_path(root)
    if not template.is_file():
        return _fail(f"{template} is missing: run `distress-tolerance i18n extract` first")
    catalog = read_catalog(template, locale)
    try:
        catalog.locale = locale
    except (BabelUnknownLocale, ValueError):
        return _fail(f"the installed Babel does not know the locale {locale!r}: upgrade Babel")
    # Our table, not the installed Babel's: the catalog must pass `i18n check` with any Babel.
    catalog.mime_headers = [("Plural-Forms", f"nplurals={rule[0]}; plural={rule[1]};")]
    catalog.fuzzy = False
    catalog.revision_date = datetime.now(UTC)
    catalog.last_translator = args.translator or "FULL NAME <EMAIL@ADDRESS>"
    catalog.language_team = "none yet: fluent reviewers wanted"
    _write_po(target, catalog, [(REVIEW_STATUS, "unreviewed")])
    out.write(
        f"created {target} ({len([m for m in catalog if m.id])} messages, {catalog.plural_forms})\n"
        "translate its msgstr lines; `distress-tolerance i18n check` finds mistakes\n"
    )
    return 0


def _fail(message: str) -> int:
    sys.stderr.write(f"distress-tolerance: error: {message}\n")
    return 1


def _write_po(path: Path, catalog: Catalog, headers: list[tuple[str, str]]) -> bool:
    """Write a ``.po`` as Babel does, with the custom headers Babel does not know about.

    Returns False (and leaves the file alone) when only the creation date would change.
    """
    from babel.messages.pofile import write_po

    from distress_tolerance._i18n.po import with_headers

    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, include_previous=False)
    data = with_headers(out.getvalue(), headers)
    if path.is_file() and same_pot(path.read_bytes(), data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _update(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._i18n.catalog_files import read_catalog_bytes
    from distress_tolerance._i18n.po import read_catalog, read_scan

    root, builtin = _root(args, writes=True)
    if not pot_path(root).is_file():
        return _fail(f"{pot_path(root)} is missing: run `distress-tolerance i18n extract` first")
    pot = read_catalog_bytes(pot_path(root), "template")  # read once, parsed for each catalog
    template = read_catalog(pot_path(root), "template", pot)
    status = 0
    for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po.parent.parent.name
        scan = read_scan(po, locale)
        if scan.problems:  # never rewrite a damaged catalog: Babel would keep what it misread
            line, reason = scan.problems[0]
            status = _fail(f"{po}:{line}: {reason}; not updated (see `distress-tolerance i18n check`)")
            continue
        catalog = read_catalog(po, locale)
        catalog.locale = locale
        # a host pack's template gains the interface strings it rewords: a fresh copy per catalog
        # (Babel's catalogs cannot be deep-copied on every release: 2.16's time zones refuse it)
        merged = (
            template if builtin else _with_rewordings(read_catalog(pot_path(root), "template", pot), catalog)
        )
        catalog.update(merged, no_fuzzy_matching=True)
        catalog.obsolete.clear()  # removed messages leave no trace in shipped catalogs
        catalog.project, catalog.version = template.project, template.version
        changed = _write_po(po, catalog, scan.custom_headers())  # Babel forgets X- headers: keep them
        untranslated = sum(1 for m in catalog if m.id and not all(_forms(m.string)))
        out.write(f"{'updated' if changed else 'unchanged:'} {po} ({untranslated} untranslated)\n")
    return status


def _with_rewordings(template: Catalog, catalog: Catalog) -> Catalog:
    """``template`` (a fresh copy of a host pack's, changed here) plus the interface strings its
    ``catalog`` rewords."""
    from distress_tolerance._i18n.po import key_of

    merged = template
    ours = interface_keys()
    for message in catalog:
        if message.id and key_of(message) in ours and merged.get(message.id, message.context) is None:
            merged.add(message.id, None, context=message.context, auto_comments=["interface text"])
    return merged


def _forms(string: object) -> tuple[object, ...]:
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


def _compile(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._i18n.catalog import clear_catalog_cache
    from distress_tolerance._tools.build import compile_catalog

    root, _ = _root(args, writes=True)
    count = 0
    for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        compile_catalog(po, po.with_suffix(".mo"), po.parent.parent.name)
        out.write(f"compiled {po.with_suffix('.mo')}\n")
        count += 1
    clear_catalog_cache()
    out.write(f"{count} catalog(s) compiled\n")
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._tools.i18n_check import check_pack

    root, builtin = _root(args)
    findings = check_pack(root, locale=args.locale, templates=builtin, verbose=args.verbose)
    for finding in findings:
        out.write(f"{finding}\n")
    errors = sum(not f.warning for f in findings)
    out.write(f"{errors} error(s), {len(findings) - errors} warning(s)\n")
    return 1 if errors else 0


def _stats(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._tools.i18n_stats import pack_statuses, stats_json, stats_table

    root, _ = _root(args)
    if not pot_path(root).is_file():
        return _fail(f"{pot_path(root)} is missing: run `distress-tolerance i18n extract` first")
    statuses = pack_statuses(root)
    out.write(stats_json(statuses) if args.format == "json" else stats_table(statuses))
    return 0


def _pseudo(args: argparse.Namespace, out: TextIO) -> int:
    from distress_tolerance._i18n.catalog_files import PSEUDO_LOCALE
    from distress_tolerance._tools.i18n_pseudo import write_pseudo

    root, _ = _root(args, writes=True)
    po, mo = write_pseudo(root)
    out.write(f"wrote {po} and {mo}\nrender with --locale {PSEUDO_LOCALE} (never commit these files)\n")
    return 0
