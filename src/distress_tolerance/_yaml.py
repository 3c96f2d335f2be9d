"""Read YAML into plain Python data while remembering the line of every key and item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from distress_tolerance.exceptions import ErrorLocation

try:  # the C loader is much faster; fall back to the pure-Python one
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Loc = tuple[str | int, ...]

_SEXAGESIMAL_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


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
    """``("steps", 2, "seconds")`` -> ``"steps.2.seconds"``."""
    return ".".join(str(part) for part in loc)


def parse(text: str, path: str) -> Document:
    """Parse one YAML document; YAML errors and duplicate keys are recorded, never raised."""
    doc = Document(path=path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.errors.append(ErrorLocation(path, 1, "", "the file is empty"))
            return doc
        doc.data = _build(loader, node, (), doc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        doc.errors.append(ErrorLocation(path, line, "", f"invalid YAML: {problem}"))
    except yaml.YAMLError as exc:
        doc.errors.append(ErrorLocation(path, None, "", f"invalid YAML: {exc}"))
    finally:
        loader.dispose()
    return doc


def _build(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, doc: Document) -> Any:
    doc.lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node) if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                doc.errors.append(ErrorLocation(doc.path, line, dotted(loc), "keys must be text"))
                continue
            if key == "<<":
                doc.errors.append(ErrorLocation(doc.path, line, dotted(loc), "merge keys are not supported"))
                continue
            if key in result:
                doc.errors.append(
                    ErrorLocation(doc.path, line, dotted((*loc, key)), f"duplicate key {key!r}")
                )
                continue
            doc.lines[(*loc, key)] = line
            result[key] = _build(loader, value_node, (*loc, key), doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*loc, i), doc) for i, item in enumerate(node.value)]
    return _scalar(loader, node)


def _scalar(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # YAML 1.1 reads an unquoted 10:00 as the base-60 number 600: keep it as text.
    if node.tag in _SEXAGESIMAL_TAGS and ":" in str(node.value):
        return str(node.value)
    return loader.construct_object(node, deep=True)
