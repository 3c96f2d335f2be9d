"""Tools for testing a host's own templates and packs against hostile input.

The corpus and the helpers here need nothing beyond the library's own dependencies. The hypothesis
strategies live in :mod:`distress_tolerance.testing.strategies`, which needs ``hypothesis``.

See the guide: ``docs/testing.md``.
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import cache
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

from distress_tolerance._content.text import forbidden_character
from distress_tolerance.models import PackContent, Technique

__all__ = ["hostile_technique", "markup", "payloads", "valid_payloads", "write_pack"]

_HUGE = "<script>" + "A" * 1_000_000  # built, not stored: the wheel stays small
_LONGEST_FIELD = 4000  # longer payloads (the 1 MB one) exist to test the loaders' size limits


@cache
def payloads() -> tuple[str, ...]:
    """The hostile-payload corpus: markup, template syntax, stray placeholders, controls, a 1 MB string.

    Many of them are not valid content (a content field refuses control characters); they are all
    things a translation or a request may carry. The corpus grows with every bug found.
    """
    text = files(__name__).joinpath("payloads.json").read_text(encoding="utf-8")
    loaded = json.loads(text)
    assert isinstance(loaded, list)
    return (*(str(item) for item in loaded), _HUGE)


@cache
def valid_payloads() -> tuple[str, ...]:
    """The payloads a content field accepts: the ones that must be shown, escaped, never refused."""
    return tuple(
        p for p in payloads() if p.strip() and len(p) <= _LONGEST_FIELD and forbidden_character(p) is None
    )


def hostile_technique(text: str, *, technique_id: str = "hostile") -> Technique:
    """A valid technique whose every text field (title, summary, steps, cautions, ...) is ``text``.

    Raises ``pydantic.ValidationError`` when ``text`` is not valid content (see :func:`valid_payloads`).
    """
    written = _dt.date(2026, 1, 1)
    return Technique.model_validate(
        {
            "id": technique_id,
            "version": 1,
            "title": text,
            "summary": text,
            "why": text,
            "category": "crisis-survival",
            "when": {
                "distress": {"min": 0, "max": 10},
                "moments": ["crisis"],
                "settings": ["private", "public"],
                "discreet": True,
                "minutes": 5,
            },
            "cautions": [{"id": "caution", "kind": "medical", "text": text, "stop_signal": text}],
            "steps": [
                {"id": "one", "text": text, "seconds": 30, "senses": [{"sense": "touch", "prompt": text}]},
                {"id": "two", "text": text},
            ],
            "compassion_prompt": text,
            "sources": [{"citation": text, "use": "procedure", "url": "https://example.org/source"}],
            "review": {"status": "draft", "written": written},
        }
    )


def write_pack(folder: str | Path, content: PackContent) -> Path:
    """Write ``content`` as a content pack (``data/techniques/ID.yaml``, ``data/reframes/...``) in ``folder``.

    Returns the pack's root, ready for ``distress_tolerance.load(root, builtin=False)``. Crisis
    services are written to ``data/crisis/services.yaml``.
    """
    import yaml

    root = Path(folder)
    data = root / "data"
    (data / "techniques").mkdir(parents=True, exist_ok=True)

    def dump(path: Path, value: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(value, allow_unicode=False, sort_keys=False, width=1_000_000)
        path.write_text(text, encoding="utf-8")

    for technique in content.techniques:
        dump(
            data / "techniques" / f"{technique.id}.yaml", technique.model_dump(mode="json", exclude_none=True)
        )
    if content.reframes:
        reframes = [r.model_dump(mode="json", exclude_none=True) for r in content.reframes]
        dump(data / "reframes" / "reframes.yaml", {"reframes": reframes})
    if content.crisis_services:
        services = [s.model_dump(mode="json", exclude_none=True) for s in content.crisis_services]
        dump(data / "crisis" / "services.yaml", {"services": services})
    return root


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, tuple(name for name, _ in attrs)))

    def handle_comment(self, data: str) -> None:
        self.found.append(("!--", ()))

    def handle_decl(self, decl: str) -> None:
        self.found.append(("!" + decl.split(maxsplit=1)[0].lower() if decl.strip() else "!", ()))

    def handle_pi(self, data: str) -> None:
        self.found.append(("?", ()))


def markup(html: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The elements of ``html`` in document order, each with its attribute names; comments too.

    Render the same template with harmless text and with a payload: if both give the same
    ``markup``, the payload added no element, attribute or comment.
    """
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return tuple(parser.found)
