"""What Babel does not keep of a PO file: its custom headers and the faults of its raw syntax.

Babel drops every header it does not know (``X-Review-Status``) when it reads a catalog, and it
silently accepts a catalog cut off inside a quoted string (the last character is lost). So the
translator's tools read the header and check the syntax here, line by line, before trusting Babel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from distress_tolerance._i18n.catalog_files import MAX_ENTRIES, MAX_PO_LINES, read_catalog_bytes
from distress_tolerance.exceptions import CatalogError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

REVIEW_STATUS = "X-Review-Status"
"""Custom header: ``unreviewed``, ``partial`` or ``reviewed``, set by hand by the locale's reviewers."""
REVIEWED_BY = "X-Reviewed-By"
"""Custom header: who reviewed the locale, ``Name <email>`` entries separated by ``;``."""
REVIEW_STATES = ("unreviewed", "partial", "reviewed")

_KEYWORD = re.compile(
    r"^(?P<kw>msgctxt|msgid|msgid_plural|msgstr(?:\[(?P<index>\d{1,6})\])?)[ \t]+(?P<rest>.*)$"
)
_STRING = re.compile(r'^"(?P<body>[^"\\]*+(?:\\.[^"\\]*+)*+)"[ \t]*$', re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_BAD_ESCAPE = re.compile(r'\\[^ntr"abfv]')


@dataclass
class _Entry:
    line: int
    obsolete: bool
    flags: set[str] = field(default_factory=set)
    parts: dict[str, list[str]] = field(default_factory=dict)
    last: str | None = None

    def text(self, keyword: str) -> str | None:
        found = self.parts.get(keyword)
        return None if found is None else "".join(found)


@dataclass(frozen=True)
class ScanMessage:
    """One live (not obsolete) entry as written: msgctxt, msgid (and msgid_plural), msgstr forms."""

    context: str | None
    ids: tuple[str, ...]
    strs: tuple[str, ...]
    flags: frozenset[str]


@dataclass(frozen=True)
class PoScan:
    """The raw view of a PO file: header fields in file order, syntax problems, duplicate entries."""

    headers: tuple[tuple[str, str], ...]
    header_line: int | None
    header_fuzzy: bool
    problems: tuple[tuple[int, str], ...]
    duplicates: tuple[tuple[int, str | None, str], ...]
    header_text: str = ""
    messages: tuple[ScanMessage, ...] = ()

    def header(self, name: str) -> str | None:
        """The value of a header field (case-insensitive name), or None when it is absent."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def custom_headers(self) -> list[tuple[str, str]]:
        """The ``X-`` fields, which Babel forgets when it reads and writes a catalog."""
        return [(key, value) for key, value in self.headers if key.lower().startswith("x-")]


def scan_po(text: str) -> PoScan:
    """Scan the text of a PO file without trusting it (every quoted string must be well formed)."""
    problems: list[tuple[int, str]] = []
    entries: list[_Entry] = []
    entry: _Entry | None = None
    flags: set[str] = set()  # flags read before the next entry's first keyword
    # Lines end at "\n" only (as for gettext and Babel): str.splitlines() would also split at
    # U+2028, \x0b, \x0c, \x85 and others, which a msgstr may hold.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # an obsolete entry's previous msgid
                continue
        if not line:
            entry = None
            continue
        if line.startswith("#"):
            if entry is not None and any(kw.startswith("msgstr") for kw in entry.parts):
                entry = None  # comments after a complete entry belong to the next one
            if line.startswith("#,"):
                flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        keyword = _KEYWORD.match(line)
        if keyword is not None:
            kw, rest = keyword["kw"], keyword["rest"]
            if entry is None or entry.obsolete != obsolete or _starts_entry(kw, entry):
                entry = _Entry(number, obsolete, flags)
                entries.append(entry)
                flags = set()
            if kw in entry.parts:
                problems.append((number, f"{kw} appears twice in one entry"))
            entry.parts[kw] = []
            entry.last = kw
        elif line.startswith('"') and entry is not None and entry.last is not None:
            kw, rest = entry.last, line
        else:
            problems.append((number, "not a PO keyword, comment or quoted string"))
            continue
        _add_string(entry, kw, rest, number, problems)
    return _summarize(entries, problems)


def _add_string(entry: _Entry, keyword: str, rest: str, number: int, problems: list[tuple[int, str]]) -> None:
    string = _STRING.match(rest)
    if string is None:
        problems.append((number, "unterminated or malformed quoted string (is the file truncated?)"))
        return
    body = string["body"]
    if "\\" in body:  # escapes: checked and replaced piece by piece, at C speed (no per-match callback)
        pieces = body.split("\\\\")  # an escaped backslash never starts another escape
        bad = next((m for piece in pieces if (m := _BAD_ESCAPE.search(piece)) is not None), None)
        if bad is not None:
            problems.append((number, f"unknown escape sequence {bad.group(0)}"))
        body = "\\".join(_unescape(piece) for piece in pieces)
    entry.parts[keyword].append(body)


def _unescape(piece: str) -> str:
    if "\\" not in piece:
        return piece
    for code, char in _ESCAPES.items():
        if code != "\\":
            piece = piece.replace(f"\\{code}", char)
    return piece


def _starts_entry(keyword: str, entry: _Entry) -> bool:
    # msgctxt always opens an entry; msgid opens one unless only its msgctxt came before.
    return keyword == "msgctxt" or (keyword == "msgid" and bool(set(entry.parts) - {"msgctxt"}))


def _summarize(entries: list[_Entry], problems: list[tuple[int, str]]) -> PoScan:
    headers: list[tuple[str, str]] = []
    header_line: int | None = None
    header_fuzzy = False
    seen: set[tuple[str | None, str]] = set()
    duplicates: list[tuple[int, str | None, str]] = []
    header_text = ""
    messages: list[ScanMessage] = []
    for entry in entries:
        msgid = entry.text("msgid")
        if msgid is None:
            problems.append((entry.line, "entry without msgid"))
            continue
        if not any(kw.startswith("msgstr") for kw in entry.parts):
            problems.append((entry.line, "msgid without msgstr (is the file truncated?)"))
        if entry.obsolete:
            continue
        context = entry.text("msgctxt")
        if msgid == "" and context is None and header_line is None:
            header_line = entry.line
            header_fuzzy = "fuzzy" in entry.flags
            header_text = entry.text("msgstr") or ""
            headers = _header_fields(header_text)
            continue
        if (context, msgid) in seen:
            duplicates.append((entry.line, context, msgid))
        seen.add((context, msgid))
        messages.append(_message(entry, context, msgid))
    return PoScan(
        tuple(headers),
        header_line,
        header_fuzzy,
        tuple(sorted(problems)),
        tuple(duplicates),
        header_text,
        tuple(messages),
    )


def _message(entry: _Entry, context: str | None, msgid: str) -> ScanMessage:
    plural = entry.text("msgid_plural")
    if plural is None:
        return ScanMessage(context, (msgid,), (entry.text("msgstr") or "",), frozenset(entry.flags))
    indexed = {int(kw[7:-1]): "".join(parts) for kw, parts in entry.parts.items() if kw.startswith("msgstr[")}
    count = min(max(indexed, default=-1) + 1, 1000)  # a missing form is empty: the source is shown
    return ScanMessage(
        context, (msgid, plural), tuple(indexed.get(i, "") for i in range(count)), frozenset(entry.flags)
    )


def _header_fields(text: str) -> list[tuple[str, str]]:
    fields = []
    for line in text.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields.append((name.strip(), value.strip()))
    return fields


def with_headers(po: bytes, fields: Sequence[tuple[str, str]]) -> bytes:
    """Add header fields to a PO file as Babel writes it (before ``MIME-Version``, else at the end)."""
    from babel.messages.pofile import escape

    added = [escape(f"{name}: {value}\n").encode("utf-8") for name, value in fields]
    lines = po.split(b"\n")
    start = next((i for i, line in enumerate(lines) if line == b'msgid ""'), None)
    if start is None or not added:
        return po
    end = start + 2
    while end < len(lines) and lines[end].startswith(b'"'):
        end += 1
    at = next((i for i in range(start + 2, end) if lines[i].startswith(b'"MIME-Version:')), end)
    return b"\n".join([*lines[:at], *added, *lines[at:]])


def read_catalog(path: Path, locale: str, data: bytes | None = None) -> Catalog:
    """Read a ``.po`` or ``.pot`` with Babel, strictly; raise CatalogError naming locale and path.

    The file is read within the pack's limits (size, entry count, no link out of the pack).
    """
    import io

    from babel.messages.pofile import PoFileError, read_po

    if data is None:
        data = _read_bounded(path, locale)
    try:
        return read_po(io.BytesIO(data), locale=None, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError, LookupError, TypeError) as exc:
        raise CatalogError(locale, str(path), f"invalid catalog ({exc})") from exc


_MSGID_LINE = re.compile(rb"^[ \t]*(?:#~[ \t]*)?msgid[ \t]", re.MULTILINE)


def _read_bounded(path: Path, locale: str) -> bytes:
    data = read_catalog_bytes(path, locale)
    lines = data.count(b"\n")
    if lines > MAX_PO_LINES:
        raise CatalogError(locale, str(path), f"{lines:,} lines, over the limit of {MAX_PO_LINES:,}")
    count = sum(1 for _ in _MSGID_LINE.finditer(data))
    if count > MAX_ENTRIES + 1:  # the header entry does not count
        raise CatalogError(locale, str(path), f"{count:,} entries, over the limit of {MAX_ENTRIES:,}")
    return data


def read_scan(path: Path, locale: str, data: bytes | None = None) -> PoScan:
    """Scan a PO file from disk (bounded); raise CatalogError when it cannot be read as UTF-8."""
    if data is None:
        data = _read_bounded(path, locale)
    try:
        return scan_po(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CatalogError(locale, str(path), f"not UTF-8 ({exc})") from exc


_PoEntries = list[tuple[str, tuple[str, ...], tuple[str, ...]]]


def po_entries(path: Path, locale: str) -> tuple[_PoEntries, frozenset[str]]:
    """The non-fuzzy entries of a ``.po`` as the runtime catalog wants them, and the reviewed keys.

    The file is read once, within the limits, and parsed by our own scanner (one pass, no Babel):
    CatalogError names the locale, the path and, for a syntax problem, the line.
    """
    scan = read_scan(path, locale)
    if scan.problems:
        line, reason = scan.problems[0]
        raise CatalogError(locale, str(path), f"line {line}: {reason}")
    entries: _PoEntries = [("", ("",), (scan.header_text,))]
    reviewed: set[str] = set()
    for message in scan.messages:
        if not message.ids[0] or "fuzzy" in message.flags:
            continue
        first = message.ids[0]
        key = first if message.context is None else f"{message.context}\x04{first}"
        entries.append((key, (key, *message.ids[1:]), message.strs))
        if "reviewed" in message.flags:
            reviewed.add(key)
    return entries, frozenset(reviewed)


def key_of(message: Message) -> tuple[str | None, str]:
    """A message's identity: its msgctxt and its singular msgid."""
    msgid = message.id
    return message.context, str(msgid[0] if isinstance(msgid, (tuple, list)) else msgid)


def sources_of(message: Message) -> tuple[str, ...]:
    """A message's English texts: the msgid, and the msgid_plural of a plural message."""
    msgid = message.id
    return tuple(str(i) for i in msgid) if isinstance(msgid, (tuple, list)) else (str(msgid),)


def forms_of(message: Message) -> tuple[str, ...]:
    """A message's translations: one msgstr, or every msgstr[N] of a plural message."""
    string = message.string
    raw = string if isinstance(string, (tuple, list)) else (string,)
    return tuple(str(s or "") for s in raw)
