"""Parse rendered HTML and describe what is in it, for the security and structure tests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {
        # the fragment
        *("article", "section", "footer", "div", "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li"),
        *("span", "strong", "q", "a", "br"),
        # the standalone page's document shell
        *("html", "head", "meta", "title", "style", "body", "main"),
    }
)
ALLOWED_ATTRIBUTES = frozenset(
    [
        *("class", "id", "lang", "dir", "aria-labelledby", "charset", "name", "content", "href"),
        *("data-technique", "data-service"),  # the ids of linked skills and services, for hosts
    ]
)
SAFE_LINK = re.compile(
    r"^(tel:\+?[0-9]+|sms:\+?[0-9]+|mailto:[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+|https?://[^\s\"'<>]+)$"
)


@dataclass
class Parsed:
    """What a fragment holds."""

    tags: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    root: dict[str, str] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)
    text: str = ""
    data_blocks: list[str] = field(default_factory=list)
    """The text of each ``<script type="application/ld+json">`` (a data block, never run)."""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Parsed()
        self._in_step_p = False
        self._step_depth = 0
        self._stack: list[str] = []
        self._in_data_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and attrs == [("type", "application/ld+json")]:
            self.result.data_blocks.append("")
            self._in_data_block = True
            return
        self.result.tags.append(tag)
        values = {k: v or "" for k, v in attrs}
        if not self.result.root:
            self.result.root = values
        for name, value in values.items():
            self.result.attributes.append((tag, name, value))
        if re.fullmatch(r"h[1-6]", tag):
            self.result.headings.append(int(tag[1]))
        if tag == "li" and "dt-step" in values.get("class", ""):
            self._step_depth = 1
            self.result.steps.append("")
        elif tag == "p" and self._step_depth == 1 and self.result.steps and self.result.steps[-1] == "":
            self._in_step_p = True
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_data_block:
            self._in_data_block = False
            return
        if tag == "p":
            self._in_step_p = False
        if self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_data_block:
            self.result.data_blocks[-1] += data
            return
        self.result.text += data
        if self._in_step_p:
            self.result.steps[-1] += data


def parse(html: str) -> Parsed:
    """Parse a fragment."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.result


def injected(html: str) -> list[str]:
    """Everything in ``html`` that our templates could not have put there."""
    parsed = parse(html)
    problems = [f"tag <{t}>" for t in parsed.tags if t not in ALLOWED_TAGS]
    for tag, name, value in parsed.attributes:
        if (tag, name) == ("meta", "http-equiv"):  # a page's own Content-Security-Policy, nothing else
            if value != "Content-Security-Policy":
                problems.append(f"<meta http-equiv={value!r}>")
            continue
        if name not in ALLOWED_ATTRIBUTES or name.startswith("on"):
            problems.append(f"attribute {name} on <{tag}>")
        if name == "href" and not (tag == "a" and SAFE_LINK.match(value)):
            problems.append(f"link {value!r}")
        if re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE):
            problems.append(f"URL {value!r}")
        if name in {"lang", "dir"} and not re.fullmatch(r"[A-Za-z0-9-]{2,16}", value):
            problems.append(f"{name}={value!r}")
    for block in parsed.data_blocks:  # a JSON-LD block ends where the JSON ends, or it was broken
        try:
            json.loads(block)
        except ValueError:
            problems.append(f"a JSON-LD block that is not JSON: {block[:60]!r}")
    return problems
