"""Read YAML into plain Python data while remembering the line of every key and item.

Pack YAML comes from people the host does not know, so reading it is bounded: before anything is
built, one pass over the C parser's events checks the limits below (nesting, items, nodes with
aliases expanded, scalar length, tags, one document). Every problem becomes an
:class:`~distress_tolerance.exceptions.ErrorLocation` naming file, line and dotted field; nothing
else escapes :func:`parse` and :func:`parse_bytes`. The limits are documented in
``docs/data-format.md`` ("Limits"); keep the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from distress_tolerance.exceptions import ErrorLocation

try:  # the C loader is much faster; fall back to the pure-Python one
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

# The limits, in one place (real content uses a small fraction of each: see docs/data-format.md).
MAX_FILE_BYTES = 1 << 20
"""Bytes in one YAML file (1 MiB; the largest shipped file is about 6 kB)."""
MAX_DEPTH = 20
"""Lists and mappings nested in one another (shipped content: 8 at most)."""
MAX_ITEMS = 1_000
"""Items in one list, or keys in one mapping (shipped content: 48 at most)."""
MAX_NODES = 10_000
"""Values in one file, counting every alias as the value it stands for (shipped: under 200)."""
MAX_NUMBER_CHARS = 100
"""Characters in one number (``int`` or ``float`` scalar); longer ones are refused unconverted."""
MAX_SCALAR_CHARS = 20_000
"""Characters in one scalar, key or value (shipped content: under 800)."""
MAX_FILES_PER_FOLDER = 1_000
"""YAML files in one of ``data/techniques``, ``data/reframes``, ``data/crisis``."""
MAX_PACK_BYTES = 32 << 20
"""Bytes of YAML in a whole pack (32 MiB)."""
MAX_ERRORS_PER_FILE = 100
"""Problems listed for one file; the rest are counted on one more line."""

Loc = tuple[str | int, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_MERGE = f"{_YAML_TAG}merge"
_SEXAGESIMAL_TAGS = {f"{_YAML_TAG}int", f"{_YAML_TAG}float"}
_SCALAR_TAGS = {None, "!", *(f"{_YAML_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))}
_SEQUENCE_TAGS = {None, "!", f"{_YAML_TAG}seq"}
_MAPPING_TAGS = {None, "!", f"{_YAML_TAG}map"}
# Characters YAML 1.1 does not allow in a stream (tab, LF, CR and NEL are allowed).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_SHOWN = 40
_LONG_KEY = 80


@dataclass
class Document:
    """A parsed YAML file: its data, the line of each path in it, and any problems found."""

    path: str
    data: Any = None
    lines: dict[Loc, int] = field(default_factory=dict)
    errors: list[ErrorLocation] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(loc[:end])
            if line is not None:
                return line
        return None


def dotted(loc: Loc) -> str:
    """``("steps", 2, "seconds")`` -> ``"steps.2.seconds"``; odd keys are shown escaped and short."""
    return ".".join(_part(part) for part in loc)


def _part(part: str | int) -> str:
    text = str(part)
    if len(text) > _LONG_KEY:
        text = text[:_LONG_KEY] + "..."
    if not text.isprintable():
        return text.encode("unicode_escape").decode("ascii")
    return text


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def parse_bytes(data: bytes, path: str) -> Document:
    """Decode a file's bytes (UTF-8, an optional BOM) and :func:`parse` them, within the limits."""
    if len(data) > MAX_FILE_BYTES:
        message = f"the file is {len(data):,} bytes, over the limit of {MAX_FILE_BYTES:,}"
        return Document(path, errors=[ErrorLocation(path, None, "", message)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text: {exc.reason} at byte {exc.start:,}"
        return Document(path, errors=[ErrorLocation(path, line, "", message)])
    return parse(text, path)


def parse(text: str, path: str) -> Document:
    """Parse one YAML document; every problem is recorded in the result, never raised."""
    doc = Document(path=path)
    text = text.removeprefix("\ufeff")
    bad = _FORBIDDEN.search(text[: MAX_FILE_BYTES + 1])
    if len(text) > MAX_FILE_BYTES:
        doc.errors.append(ErrorLocation(path, None, "", f"the file is over {MAX_FILE_BYTES:,} characters"))
    elif bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        message = f"character U+{ord(bad.group()):04X} is not allowed in a YAML file"
        doc.errors.append(ErrorLocation(path, line, "", message))
    elif _within_limits(text, doc):
        _compose(text, doc)
    return doc


def _compose(text: str, doc: Document) -> None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.errors.append(ErrorLocation(doc.path, 1, "", "the file is empty"))
            return
        doc.data = _build(loader, node, (), doc)
    except yaml.YAMLError as exc:
        _yaml_error(exc, doc, text)
    finally:
        loader.dispose()


def _yaml_error(exc: yaml.YAMLError, doc: Document, text: str) -> None:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is not None and "\t" in text[mark.index - mark.column : mark.index + 1]:
            problem += " (a tab: YAML indents with spaces only)"
        doc.errors.append(ErrorLocation(doc.path, line, "", f"invalid YAML: {problem}"))
    else:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        doc.errors.append(ErrorLocation(doc.path, None, "", f"invalid YAML: {message}"))


@dataclass
class _Frame:
    """An open list or mapping while the events are checked."""

    loc: Loc
    mapping: bool
    anchor: str | None
    items: int = 0
    size: int = 1  # values in it, itself included, aliases expanded
    height: int = 1  # lists and mappings nested in it, itself included
    key: str | int = ""
    want_key: bool = True


def _within_limits(text: str, doc: Document) -> bool:
    """Check the events against the limits; on the first breach record it and return False."""
    loader = _Loader(text)
    checker = _Checker()
    try:
        while True:
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.StreamEndEvent):
                return True
            problem = checker.check(event)
            if problem is not None:
                loc, message = problem
                doc.errors.append(ErrorLocation(doc.path, event.start_mark.line + 1, dotted(loc), message))
                return False
    except yaml.YAMLError as exc:
        _yaml_error(exc, doc, text)
        return False
    finally:
        loader.dispose()


@dataclass
class _Checker:
    """Follows the events of one stream and says where it first breaks a limit."""

    stack: list[_Frame] = field(default_factory=list)
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)  # -> (size, height)
    nodes: int = 0
    documents: int = 0

    def check(self, event: Any) -> tuple[Loc, str] | None:
        """The path and problem of ``event`` when it breaks a limit, else None."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                return (), "a second YAML document ('---'): one document per file"
        elif isinstance(event, yaml.CollectionEndEvent):
            done = self.stack.pop()
            if done.anchor is not None:
                self.anchors[done.anchor] = (done.size, done.height)
            self._count(done.size, done.height)
        elif isinstance(event, yaml.NodeEvent):
            return self._node(event)
        return None

    def _count(self, size: int, height: int) -> None:
        if self.stack:
            self.stack[-1].size += size
            self.stack[-1].height = max(self.stack[-1].height, height + 1)

    def _node(self, event: Any) -> tuple[Loc, str] | None:
        stack = self.stack
        loc = _place(stack, event)
        if stack and stack[-1].items > MAX_ITEMS:
            kind = "keys in a mapping" if stack[-1].mapping else "items in a list"
            return stack[-1].loc, f"more than {MAX_ITEMS:,} {kind}"
        measured = self._measure(event)
        if isinstance(measured, str):
            return loc, measured
        size, height = measured
        self.nodes += size
        if self.nodes > MAX_NODES:
            problem = f"more than {MAX_NODES:,} values (aliases counted expanded)"
        elif len(stack) + height > MAX_DEPTH:
            problem = f"nested more than {MAX_DEPTH} levels deep"
        elif isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
            problem = f"{len(event.value):,} characters, over the limit of {MAX_SCALAR_CHARS:,}"
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append(_Frame(loc, isinstance(event, yaml.MappingStartEvent), event.anchor))
            return None
        else:
            if event.anchor is not None:
                self.anchors[str(event.anchor)] = (size, height)
            self._count(size, height)
            return None
        return loc, problem

    def _measure(self, event: Any) -> tuple[int, int] | str:
        """``(values, nesting)`` that ``event`` adds, aliases expanded; or why it is refused."""
        if isinstance(event, yaml.AliasEvent):
            name = str(event.anchor)
            if any(frame.anchor == name for frame in self.stack):
                return f"the alias *{_short(name)[1:-1]} is inside its own anchor"
            if name not in self.anchors:
                return f"the alias *{_short(name)[1:-1]} has no anchor before it"
            return self.anchors[name]
        scalar = isinstance(event, yaml.ScalarEvent)
        tags = _SCALAR_TAGS if scalar else _collection_tags(event)
        if event.tag not in tags:
            return f"the tag {_short(str(event.tag).removeprefix(_YAML_TAG))} is not allowed"
        return (1, 0 if scalar else 1)


def _collection_tags(event: Any) -> set[str | None]:
    return _MAPPING_TAGS if isinstance(event, yaml.MappingStartEvent) else _SEQUENCE_TAGS


def _place(stack: list[_Frame], event: Any) -> Loc:
    """The path of the value ``event`` starts, counting it in its parent."""
    if not stack:
        return ()
    parent = stack[-1]
    if not parent.mapping:
        parent.items += 1
        return (*parent.loc, parent.items - 1)
    if parent.want_key:
        parent.want_key = False
        parent.items += 1
        parent.key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
        return parent.loc
    parent.want_key = True
    return (*parent.loc, parent.key)


def _build(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, doc: Document) -> Any:
    doc.lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                doc.errors.append(ErrorLocation(doc.path, line, dotted(loc), "keys must be text"))
                continue
            if key_node.tag == _MERGE or key_node.value == "<<":
                doc.errors.append(
                    ErrorLocation(doc.path, line, dotted(loc), "merge keys (<<) are not supported")
                )
                continue
            key = _scalar(loader, key_node, loc, doc)
            if not isinstance(key, str):
                if key is not _INVALID:
                    doc.errors.append(ErrorLocation(doc.path, line, dotted(loc), "keys must be text"))
                continue
            if key in result:
                doc.errors.append(
                    ErrorLocation(doc.path, line, dotted((*loc, key)), f"duplicate key {_short(key)}")
                )
                continue
            doc.lines[(*loc, key)] = line
            result[key] = _build(loader, value_node, (*loc, key), doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*loc, i), doc) for i, item in enumerate(node.value)]
    return _scalar(loader, node, loc, doc)


_INVALID = object()


def _scalar(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, doc: Document) -> Any:
    # YAML 1.1 reads an unquoted 10:00 as the base-60 number 600: keep it as text.
    if node.tag in _SEXAGESIMAL_TAGS and ":" in str(node.value):
        return str(node.value)
    if node.tag in _SEXAGESIMAL_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        message = f"a number of {len(node.value):,} characters, over the limit of {MAX_NUMBER_CHARS}"
        doc.errors.append(ErrorLocation(doc.path, node.start_mark.line + 1, dotted(loc), message))
        return _INVALID
    try:
        return loader.construct_object(node, deep=True)
    except Exception as exc:  # PyYAML's constructors raise ValueError, KeyError, IndexError,
        # AttributeError... on a malformed scalar: each is a mistake in the content, not ours.
        kind = str(node.tag).removeprefix(_YAML_TAG)
        reason = f" ({exc})" if kind == "timestamp" and type(exc) is ValueError else ""
        message = f"not a valid {kind}: {_short(node.value)}{reason}"
        doc.errors.append(ErrorLocation(doc.path, node.start_mark.line + 1, dotted(loc), message))
        return _INVALID
