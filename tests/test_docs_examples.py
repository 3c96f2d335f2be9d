"""The Python examples of README.md, docs/index.md, usage.md, testing.md and every page of docs/channels/
print what the docs say.

Each ```python block runs in order, sharing one namespace per file, in a temporary working directory.
When a ```text or ```html block follows it directly, that is the expected output: a line ``...``
stands for any lines, and ``...`` inside a line for any text (doctest's ELLIPSIS). Paths under
``/tmp/`` and the host pack ``/srv/clinic/skills-pack`` are mapped into the test's temporary folder,
where the example packs the docs describe are built first. A block may be skipped only by a
``<!-- doctest: skip: REASON -->`` line right before it.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import distress_tolerance as dt

ROOT = Path(__file__).resolve().parent.parent
DOCS = [
    "README.md",
    "docs/index.md",
    "docs/usage.md",
    "docs/testing.md",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs" / "channels").glob("*.md")),
]
_FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_SKIP = re.compile(r"<!-- doctest: skip: \S.*-->\s*$")


@dataclass(frozen=True)
class Example:
    """One ```python block, its line in the file and the output it should print (or None)."""

    line: int
    code: str
    expected: str | None
    skipped: bool


def examples(text: str) -> list[Example]:
    """The ```python blocks of a Markdown text, each with the output block that follows it."""
    fences = list(_FENCE.finditer(text))
    found = []
    for index, fence in enumerate(fences):
        if fence["lang"] != "python":
            continue
        expected = None
        following = fences[index + 1] if index + 1 < len(fences) else None
        if (
            following is not None
            and following["lang"] in {"text", "html"}
            and not text[fence.end() : following.start()].strip()
        ):
            expected = following["body"]
        before = text[: fence.start()].rstrip("\n").rsplit("\n", 1)[-1]
        line = text.count("\n", 0, fence.start()) + 1
        found.append(Example(line, fence["body"], expected, bool(_SKIP.match(before))))
    return found


def _normalise(output: str) -> str:
    return "\n".join(line.rstrip() for line in output.strip("\n").splitlines()) + "\n"


# The example packs the docs use: the faulty technique of "Errors" (docs/usage.md), the same one
# fixed beside a broken catalog, and the faulty pack of "The safety linter" (docs/safety.md).
_BOX = """\
id: box-of-comfort
version: 1
title: Box of comfort
summary: Fill a box with small things that calm you, and open it on a hard day.
why: When you are upset it is hard to think of what helps. A box you filled on a calm day helps.
category: self-compassion
tags: [comfort]
# when to use it
when:
  distress: {min: 2, max: 7}
  moments: [calm]
  settings: [private]
  discret: true
  minutes: 0
steps:
  - id: gather
    text: Gather a few things that comfort you, like a soft scarf, a photo or a kind letter.
    secs: 60
  - id: open
    text: On a hard day, open the box and take out one thing at a time.
sources:
  - citation: Linehan, M. M. (2015). DBT Skills Training Manual (2nd ed.). Guilford Press.
    use: concept
review:
  status: draft
  written: 2026-11-26
"""
_BOX_FIXED = _BOX.replace("discret:", "discreet:").replace("minutes: 0", "minutes: 10")
_BOX_FIXED = _BOX_FIXED.replace("secs:", "seconds:")
_COLD_SPLASH = """\
id: cold-splash
version: 1
title: Cold splash
summary: Splash your face with ice-cold water to calm down fast.
why: >-
  People who have lost someone who committed suicide may feel waves of grief. Cold water
  slows the heart and can take the edge off.
category: crisis-survival
when:
  distress: {min: 6, max: 10}
  moments: [crisis]
  settings: [private]
  discreet: false
  minutes: 2
steps:
  - id: splash
    text: Fill a bowl with water and splash your face for a few seconds.
sources:
  - citation: Linehan, M. M. (2015). DBT Skills Training Manual (2nd ed.). Guilford Press.
    use: procedure
review:
  status: draft
  written: 2026-11-26
"""
_HARD_DAYS = """\
reframes:
  - id: hard-days-never-stop
    theme: future
    harsh: I keep having suicidal thoughts and they will never stop.
    kinder: This feeling is heavy right now, and feelings change with time.
"""
PACKS = {
    "tmp/badpack/data/techniques/box-of-comfort.yaml": _BOX,
    "tmp/catpack/data/techniques/box-of-comfort.yaml": _BOX_FIXED,
    "tmp/catpack/locales/fr/LC_MESSAGES/distress_tolerance.po": "this is not a catalog\n",
    "tmp/lintpack/data/techniques/cold-splash.yaml": _COLD_SPLASH,
    "tmp/lintpack/data/reframes/hard-days.yaml": _HARD_DAYS,
    "srv/clinic/skills-pack/data/techniques/box-of-comfort.yaml": _BOX_FIXED,
}


def _build_packs(base: Path) -> None:
    for relative, text in PACKS.items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _mapped(text: str, base: Path) -> str:
    # S108: these are the docs' example paths, mapped away from /tmp into the test's own folder
    return text.replace("/tmp/", f"{base}/tmp/").replace("/srv/clinic/", f"{base}/srv/clinic/")  # noqa: S108


@pytest.mark.parametrize("name", DOCS)
def test_doc_examples_run_and_print_what_the_doc_says(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every Python example of the file runs, in order, and prints the output shown after it."""
    _build_packs(tmp_path)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    dt.clear_caches()
    namespace: dict[str, object] = {"__name__": f"doc:{name}"}
    checker = doctest.OutputChecker()
    mismatches = []
    for example in examples((ROOT / name).read_text(encoding="utf-8")):
        if example.skipped:
            continue
        where = f"{name}:{example.line}"
        stdout = io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout):
                exec(compile(_mapped(example.code, tmp_path), where, "exec"), namespace)  # noqa: S102
        except Exception as exc:
            mismatches.append(f"{where} raised {type(exc).__name__}: {exc}\n")
            continue
        if example.expected is not None:
            want = _normalise(_mapped(example.expected, tmp_path))
            got = _normalise(stdout.getvalue())
            if not checker.check_output(want, got, doctest.ELLIPSIS):
                mismatches.append(f"{where} printed:\n{got}instead of:\n{want}")
    assert not mismatches, "\n".join(mismatches)


def test_examples_are_found_with_their_output_and_skip_markers() -> None:
    """The extractor pairs a block with the output block right after it, and honours skip markers."""
    text = (
        "```python\nprint(1)\n```\n\n```text\n1\n```\n\nprose\n\n"
        "```python\nx = 2\n```\n\nprose\n\n```text\n2\n```\n"
        "<!-- doctest: skip: needs a web server -->\n```python\nimport flask\n```\n"
        "```console\n$ ls\n```\n"
    )
    found = examples(text)
    assert [(e.line, e.code, e.expected, e.skipped) for e in found] == [
        (1, "print(1)\n", "1\n", False),
        (11, "x = 2\n", None, False),
        (21, "import flask\n", None, True),
    ]


def test_every_doc_has_examples_and_no_unexplained_skip() -> None:
    """Each file checked has Python examples; a skip marker always gives its reason."""
    for name in DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        assert examples(text), name
        for marker in re.findall(r"<!-- doctest:.*?-->", text):
            assert _SKIP.match(marker), (name, marker)
