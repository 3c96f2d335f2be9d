"""`distress-tolerance i18n check`: every rule a shipped catalog must pass.

Each finding prints as `file:line: [rule] msgctxt: message` (a warning as
`file:line: warning: [rule] msgctxt: message`). Errors make the command exit 1; warnings do not.

Errors:
  syntax               a quoted string unterminated or malformed (a truncated file), an unknown
                       escape, a stray line, a duplicate entry
  unreadable           a .po or .mo that cannot be read: not UTF-8, corrupt, truncated
  missing              the locale asked for has no catalog
  locale-name          a catalog folder that is not a normalised locale (pt_BR, not pt-br)
  header               no header entry, or its Language is not the folder's locale
  plural-forms         Plural-Forms differs from CLDR's for the locale (nplurals and the
                       expression, as Babel writes them), or a message has the wrong number of forms
  review-status        X-Review-Status is not unreviewed, partial or reviewed
  fuzzy                a fuzzy entry or a fuzzy header: its translation is never used
  obsolete             an obsolete #~ entry: removed messages leave no trace in a shipped catalog
  stale-entry          an entry that is not in the .pot: run `distress-tolerance i18n update`
  stale-pot            the .pot differs from a fresh extraction: run `distress-tolerance i18n extract`
  placeholder          a form whose %(name)s placeholders (or stray %) differ from its msgid's
  markup               a tag, an entity or a Markdown link in a msgstr (translations are plain text)
  number               a phone number, short code or number of 3+ digits or with separators
                       (988, 116 123, 5-4-3-2-1) missing from a msgstr or altered, or a small
                       number replaced by another (4 became 5)
  too-long             a msgstr longer than 2.5 times its msgid plus 20 characters: a wrong paste,
                       or text added that the English does not say
  forbidden-character  a control character, lone surrogate or bidirectional override
  partial-plural       a plural message with some forms filled in and others empty
  lexicon              a safe-messaging phrase in a translation (as `distress-tolerance lint` finds)

Warnings:
  untranslated         entries without a translation (readers see English there): a new language
                       may be partial
  number-words         a small number (one or two digits) of the msgid not written in digits, and
                       no other number in its place: it may be spelled out ("rund um die Uhr" for
                       "24 hours", an Arabic dual for "2 minutes"); check that it is right
  review-status        X-Review-Status disagrees with the messages flagged `#, reviewed`
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from distress_tolerance._i18n.catalog import read_mo
from distress_tolerance._i18n.catalog_files import DOMAIN, PSEUDO_LOCALE
from distress_tolerance._i18n.locale import parse_locale
from distress_tolerance._i18n.po import (
    REVIEW_STATES,
    REVIEW_STATUS,
    PoScan,
    forms_of,
    key_of,
    read_catalog,
    read_scan,
)
from distress_tolerance._tools.i18n_rules import (
    expected_plural_forms,
    message_problems,
    plural_expression_problem,
    plural_forms_match,
    spelled_numbers,
)
from distress_tolerance.exceptions import CatalogError, ContentError, UnknownLocaleError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message


@dataclass(frozen=True)
class Finding:
    """One problem in a catalog: where, which rule, what is wrong; warnings do not fail ``check``."""

    path: str
    line: int | None
    rule: str
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        place = self.path if self.line is None else f"{self.path}:{self.line}"
        kind = "warning: " if self.warning else ""
        return f"{place}: {kind}[{self.rule}] {self.where}: {self.message}"


def _lexicon_findings(po_path: Path, locale: str) -> list[Finding]:
    """Safe-messaging findings for one catalog, from the safety linter (``distress-tolerance lint``).

    Blocking findings fail ``check``; the linter's warnings stay warnings.
    """
    from distress_tolerance._content.loader import load_yaml_pack
    from distress_tolerance._tools.lint_catalog import lint_catalog
    from distress_tolerance.models import PackContent

    del locale  # the linter reads the locale from the catalog's folder
    root = po_path.parent.parent.parent.parent
    # Without readable content (a catalog checked on its own) only the wording rules apply.
    content = load_yaml_pack(root) if (root / "data").is_dir() else PackContent()
    return [
        Finding(
            po_path.relative_to(root).as_posix(),
            finding.line,
            f"lexicon-{finding.rule}",
            finding.phrase,
            finding.message,
            warning=finding.severity != "block",
        )
        for finding in lint_catalog(po_path, root, content)
        if finding.severity != "info"
    ]


def check_pack(
    root: Path, *, locale: str | None = None, templates: bool, verbose: bool = False
) -> list[Finding]:
    """Check the ``.pot`` of the pack at ``root`` and its catalogs (only ``locale``'s, if given).

    ``templates`` says whether our templates' messages belong in the ``.pot`` (the built-in pack).
    With ``verbose`` every untranslated entry is listed; otherwise one line per catalog says how many.
    """
    locales_dir = root / "locales"
    findings, template = _check_pot(root, templates=templates)
    if locale is not None:
        normal = parse_locale(locale)
        folders = [locales_dir / normal] if (locales_dir / normal).is_dir() else []
        if not folders:
            where = _show(locales_dir / normal / "LC_MESSAGES" / f"{DOMAIN}.po")
            findings.append(Finding(where, None, "missing", normal, "no catalog for this locale"))
    else:
        folders = sorted(p for p in locales_dir.glob("*") if p.is_dir()) if locales_dir.is_dir() else []
    if templates:
        rewordable: frozenset[tuple[str | None, str]] = frozenset()
    else:  # a host pack may reword our interface strings in its own catalogs (docs/usage.md)
        from distress_tolerance._tools.pot import interface_keys

        rewordable = interface_keys()
    for folder in folders:
        findings.extend(_check_folder(folder, template, verbose=verbose, rewordable=rewordable))
    return findings


def _check_pot(root: Path, *, templates: bool) -> tuple[list[Finding], Catalog | None]:
    from distress_tolerance._tools.pot import extract_catalog, pot_bytes, pot_path, same_pot

    path = pot_path(root)
    shown = _show(path)
    try:
        fresh = extract_catalog(root, templates=templates)
    except ContentError as exc:
        return [
            Finding(e.path, e.line, "stale-pot", e.field or "content", e.message) for e in exc.errors
        ], None
    if not path.is_file():
        message = "the pack has no .pot: run `distress-tolerance i18n extract`"
        return [Finding(shown, None, "stale-pot", "template", message)], fresh
    try:
        committed = read_catalog(path, "template")
    except CatalogError as exc:
        return [Finding(shown, None, "unreadable", "template", exc.reason)], fresh
    if same_pot(path.read_bytes(), pot_bytes(fresh)):
        return [], committed
    old = {key_of(m) for m in committed if m.id}
    new = {key_of(m) for m in fresh if m.id}
    detail = f"{len(new - old)} message(s) new, {len(old - new)} gone"
    if new == old:
        detail = "the same messages, with other locations, comments, order or header"
    message = f"differs from a fresh extraction ({detail}): run `distress-tolerance i18n extract`"
    return [Finding(shown, 1, "stale-pot", "template", message)], committed


def _check_folder(
    folder: Path, template: Catalog | None, *, verbose: bool, rewordable: frozenset[tuple[str | None, str]]
) -> list[Finding]:
    po = folder / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    name = folder.name
    try:
        locale = parse_locale(name)
        expected_plural_forms(locale)
    except UnknownLocaleError:
        return [Finding(_show(folder), None, "locale-name", name, "not a locale CLDR knows")]
    if locale != name:
        return [
            Finding(_show(folder), None, "locale-name", name, f"not a normalised locale (use {locale!r})")
        ]
    findings: list[Finding] = []
    if mo.is_file():
        try:
            read_mo(mo, locale)
        except CatalogError as exc:
            findings.append(Finding(_show(mo), None, "unreadable", locale, exc.reason))
    if not po.is_file():
        findings.append(Finding(_show(po), None, "missing", locale, "no .po catalog in this locale folder"))
        return findings
    if locale == PSEUDO_LOCALE:  # generated from a fresh extraction, templates included
        template = None
    return findings + check_catalog(po, locale, template, verbose=verbose, rewordable=rewordable)


def check_catalog(
    po: Path,
    locale: str,
    template: Catalog | None,
    *,
    verbose: bool = False,
    rewordable: frozenset[tuple[str | None, str]] = frozenset(),
) -> list[Finding]:
    """Check one ``.po`` file against ``template`` (the pack's ``.pot``; None skips the comparison).

    Entries keyed in ``rewordable`` (our interface strings, in a host pack) are not stale.
    """
    shown = _show(po)
    try:
        scan = read_scan(po, locale)
    except CatalogError as exc:
        return [Finding(shown, None, "unreadable", locale, exc.reason)]
    findings = [Finding(shown, line, "syntax", locale, reason) for line, reason in scan.problems]
    findings += [
        Finding(shown, line, "syntax", _where(context, msgid), "duplicate entry")
        for line, context, msgid in scan.duplicates
    ]
    try:
        catalog = read_catalog(po, locale)
    except CatalogError as exc:
        return [*findings, Finding(shown, None, "unreadable", locale, exc.reason)]
    findings += _check_header(shown, scan, locale)
    nplurals = expected_plural_forms(locale)[0]
    wanted = None if template is None else {key_of(m) for m in template if m.id}
    untranslated: list[Finding] = []
    allowed = None if wanted is None else wanted | rewordable
    for message in catalog:
        if message.id:
            found = _message_findings(shown, message, allowed, nplurals)
            findings += [f for f in found if f.rule != "untranslated"]
            untranslated += [f for f in found if f.rule == "untranslated"]
    for message in catalog.obsolete.values():
        text = "obsolete entry: delete it (removed messages leave no trace)"
        findings.append(Finding(shown, message.lineno, "obsolete", _where(*key_of(message)), text))
    if wanted is not None:
        present = {key_of(m) for m in catalog if m.id}
        for key in sorted(wanted - present, key=lambda k: (k[0] or "", k[1])):
            untranslated.append(
                Finding(shown, None, "untranslated", _where(*key), "missing: run i18n update", True)
            )
    if untranslated and not verbose:
        total = len(wanted) if wanted is not None else sum(1 for m in catalog if m.id)
        count = f"{len(untranslated)} of {total}"
        text = f"{count} messages untranslated (readers see English there; --verbose lists them)"
        untranslated = [Finding(shown, None, "untranslated", locale, text, warning=True)]
    findings += untranslated
    findings += _review_consistency(shown, scan, catalog)
    findings += _lexicon_findings(po, locale)
    return findings


def _message_findings(
    shown: str, message: Message, wanted: set[tuple[str | None, str]] | None, nplurals: int
) -> list[Finding]:
    where = _where(*key_of(message))
    at = (shown, message.lineno)
    findings = []
    if wanted is not None and key_of(message) not in wanted:
        findings.append(
            Finding(*at, "stale-entry", where, "not in the .pot: run `distress-tolerance i18n update`")
        )
    if message.fuzzy:
        findings.append(Finding(*at, "fuzzy", where, "fuzzy entry: its translation is never used"))
    forms = forms_of(message)
    if message.pluralizable and len(forms) != nplurals:
        findings.append(Finding(*at, "plural-forms", where, f"{len(forms)} forms, CLDR has {nplurals}"))
    if not any(forms):
        findings.append(Finding(*at, "untranslated", where, "not translated yet", warning=True))
    elif not all(forms):
        findings.append(Finding(*at, "partial-plural", where, "some plural forms are empty"))
    findings.extend(Finding(*at, rule, where, text) for rule, text in message_problems(message))
    findings.extend(
        Finding(*at, "number-words", where, text, warning=True) for text in spelled_numbers(message)
    )
    return findings


def _check_header(shown: str, scan: PoScan, locale: str) -> list[Finding]:
    at = (shown, scan.header_line)
    if scan.header_line is None:
        return [
            Finding(shown, 1, "header", locale, 'no header entry (msgid "") with Language and Plural-Forms')
        ]
    findings = []
    if scan.header_fuzzy:
        findings.append(Finding(*at, "fuzzy", "header", "fuzzy header: remove the flag"))
    language = (scan.header("Language") or "").replace("-", "_")
    if language != locale:
        findings.append(
            Finding(*at, "header", "Language", f"is {language or 'missing'!r}, expected {locale!r}")
        )
    expected = expected_plural_forms(locale)
    declared = scan.header("Plural-Forms")
    if declared is None:
        findings.append(Finding(*at, "plural-forms", "Plural-Forms", "missing"))
    elif (problem := plural_expression_problem(declared)) is not None:
        findings.append(Finding(*at, "plural-forms", "Plural-Forms", problem))
    elif not plural_forms_match(declared, locale):
        want = f"nplurals={expected[0]}; plural={expected[1]};"
        findings.append(
            Finding(*at, "plural-forms", "Plural-Forms", f"{declared!r} differs from CLDR's {want!r}")
        )
    status = scan.header(REVIEW_STATUS)
    if status is not None and status.strip().lower() not in REVIEW_STATES:
        text = f"{status!r} is not one of {', '.join(REVIEW_STATES)}"
        findings.append(Finding(*at, "review-status", REVIEW_STATUS, text))
    return findings


def _review_consistency(shown: str, scan: PoScan, catalog: Catalog) -> list[Finding]:
    declared = (scan.header(REVIEW_STATUS) or "unreviewed").strip().lower()
    done = [m for m in catalog if m.id and not m.fuzzy and all(forms_of(m))]
    flagged = sum("reviewed" in m.flags for m in done)
    actual = "unreviewed" if not flagged else "reviewed" if flagged == len(done) else "partial"
    if declared not in REVIEW_STATES or declared == actual:
        return []
    text = f"says {declared!r}, but {flagged} of {len(done)} translated messages are flagged reviewed"
    return [Finding(shown, scan.header_line, "review-status", REVIEW_STATUS, text, warning=True)]


def _where(context: str | None, msgid: str) -> str:
    if context is not None:
        return context
    short = msgid if len(msgid) <= 40 else msgid[:37] + "..."  # noqa: PLR2004
    return f"msgid {short!r}"


def _show(path: Path) -> str:
    """A path relative to the working folder when it is below it, else as it is."""
    try:
        return os.path.relpath(path) if Path.cwd() in path.resolve().parents else str(path)
    except ValueError:  # another drive on Windows
        return str(path)
