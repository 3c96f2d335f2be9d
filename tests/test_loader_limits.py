"""Hostile pack YAML is refused within documented limits, by a ContentError naming file, line and field.

Each limit of docs/data-format.md ("Limits") has a test here; so do the ordinary typos that used to
escape as raw Python exceptions, pack files that are not regular files inside the pack, missing pack
folders, and a property test that only ContentError ever leaves the loader.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import distress_tolerance as dt
from distress_tolerance._content import loader as _loader
from distress_tolerance._content import marked_yaml as _yaml
from distress_tolerance._content.loader import load_yaml_pack
from distress_tolerance._content.marked_yaml import (
    MAX_DEPTH,
    MAX_ERRORS_PER_FILE,
    MAX_FILE_BYTES,
    MAX_FILES_PER_FOLDER,
    MAX_ITEMS,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    MAX_PACK_BYTES,
    MAX_SCALAR_CHARS,
    parse,
    parse_bytes,
)
from distress_tolerance.cli import main
from distress_tolerance.exceptions import ContentError
from distress_tolerance.extract import extract_yaml
from tests.conftest import ROOT
from tests.test_loader import GOOD

FILE = "data/techniques/sample.yaml"
STOP = (ROOT / "data" / "techniques" / "stop.yaml").read_bytes()


def _laughs(levels: int = 9, width: int = 10) -> str:
    """The billion laughs: ``width ** levels`` values from a few hundred bytes."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


# (case, YAML appended to a valid technique, expected line, expected field, text in the message)
_END = GOOD.count("\n") + 1  # the first line appended
HOSTILE = [
    ("billion laughs", _laughs(), _END + 3, "l3.7", f"more than {MAX_NODES:,} values"),
    ("recursive alias", "x: &a [*a]\n", _END, "x.0", "inside its own anchor"),
    ("recursive mapping alias", "x: &a {b: *a}\n", _END, "x.b", "inside its own anchor"),
    ("unknown alias", "x: *nowhere\n", _END, "x", "has no anchor before it"),
    # The top-level mapping is level 1: the list or mapping at level 21 is the one refused.
    ("deep list", "x: " + "[" * 900 + "]" * 900 + "\n", _END, "x" + ".0" * 19, "nested more than 20"),
    ("deep mapping", "x: " + "{a: " * 40 + "1" + "}" * 40 + "\n", _END, "x" + ".a" * 19, "nested"),
    (
        "deep via alias",
        "d: &d " + "[" * 15 + "]" * 15 + "\nx: [[[[[[*d]]]]]]\n",
        _END + 1,
        "x.0.0.0.0.0.0",
        "nested",
    ),
    ("long list", "x: [" + ", ".join(["1"] * (MAX_ITEMS + 1)) + "]\n", _END, "x", "more than 1,000 items"),
    (
        "many keys",
        "x:\n" + "".join(f"  k{i}: 1\n" for i in range(MAX_ITEMS + 1)),
        _END + MAX_ITEMS + 1,
        "x",
        "keys in a mapping",
    ),
    ("long scalar", "x: " + "a" * (MAX_SCALAR_CHARS + 1) + "\n", _END, "x", "over the limit of 20,000"),
    ("long key", "? " + "k" * (MAX_SCALAR_CHARS + 1) + "\n: 1\n", _END, "", "characters, over the limit"),
    ("impossible date", "", 24, "review.written", "not a valid timestamp: '2024-02-30' (day is out of range"),
    ("bad !!int", "x: !!int abc\n", _END, "x", "not a valid int: 'abc'"),
    (
        "5,000-digit integer",
        "x: " + "9" * 5000 + "\n",
        _END,
        "x",
        "a number of 5,000 characters, over the limit",
    ),
    ("101-digit float", "x: 1." + "0" * 99 + "\n", _END, "x", "over the limit of 100"),
    ("bad !!bool", "x: !!bool maybe\n", _END, "x", "not a valid bool: 'maybe'"),
    ("bad !!timestamp", "x: !!timestamp soon\n", _END, "x", "not a valid timestamp: 'soon'"),
    ("bad !!float", "x: !!float lots\n", _END, "x", "not a valid float"),
    (
        "python tag",
        "x: !!python/object/apply:os.system [ls]\n",
        _END,
        "x",
        "tag 'python/object/apply:os.system'",
    ),
    ("set tag", "x: !!set {a, b}\n", _END, "x", "the tag 'set' is not allowed"),
    ("binary tag", "x: !!binary aGk=\n", _END, "x", "the tag 'binary' is not allowed"),
    ("local tag", "x: !evil {}\n", _END, "x", "the tag '!evil' is not allowed"),
    ("two documents", "---\nid: again\n", _END, "", "a second YAML document"),
    ("tab indent", "x:\n\ty: 1\n", _END + 1, "", "a tab: YAML indents with spaces only"),
    ("integer key", "7: seven\n", _END, "", "keys must be text"),
    ("null key", "null: nothing\n", _END, "", "keys must be text"),
    ("date key", "2024-01-01: new year\n", _END, "", "keys must be text"),
    ("impossible date key", "2024-02-30: never\n", _END, "", "not a valid timestamp"),
    ("list key", "? [a, b]\n: c\n", _END, "", "keys must be text"),
    (
        "merge key",
        "base: &b {x: 1}\nwhen2:\n  <<: *b\n",
        _END + 2,
        "when2",
        "merge keys (<<) are not supported",
    ),
    ("NUL byte", "x: a\x00b\n", _END, "", "U+0000 is not allowed"),
    ("escape character", "x: \x1b[31m\n", _END, "", "U+001B is not allowed"),
    ("key with a newline", '"bad\\nkey": 1\n', _END, "bad\\nkey", "unknown field"),
]


def _hostile_text(case: str, extra: str) -> str:
    if case == "impossible date":
        return GOOD.replace("written: 2026-11-26", "written: 2024-02-30")
    return GOOD + extra


@pytest.mark.parametrize(("case", "extra", "line", "field", "message"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_yaml_is_refused_at_file_line_and_field(
    make_pack: Callable[..., Path], case: str, extra: str, line: int, field: str, message: str
) -> None:
    """Each hostile or mistyped input gives a ContentError at its file, line and dotted field."""
    root = make_pack({FILE: _hostile_text(case, extra)})
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    found = [(e.path, e.line, e.field, e.message) for e in info.value.errors]
    assert any(
        e.path == FILE and e.line == line and e.field == field and message in e.message
        for e in info.value.errors
    ), found


@pytest.mark.parametrize(
    "case", ["billion laughs", "recursive alias", "deep list", "python tag", "long list"]
)
def test_limits_are_checked_before_anything_is_built(monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """Alias bombs and deep nesting are refused from the parser's events: no value is ever built."""
    extra = next(h[1] for h in HOSTILE if h[0] == case)

    def never(*_: object) -> None:
        pytest.fail("a refused file reached composition")

    monkeypatch.setattr(_yaml, "_compose", never)
    doc = parse(GOOD + extra, "x.yaml")
    assert doc.data is None
    assert len(doc.errors) == 1


def test_an_alias_within_the_limits_still_loads() -> None:
    """Shipped content uses one anchor and alias (data/crisis/US.yaml): small aliases stay allowed."""
    doc = parse("a: &h {days: [mon], opens: '10:00'}\nb: *h\n", "x.yaml")
    assert doc.errors == []
    assert doc.data == {"a": {"days": ["mon"], "opens": "10:00"}, "b": {"days": ["mon"], "opens": "10:00"}}


def test_nodes_are_counted_with_aliases_expanded() -> None:
    """Four levels of ten-fold aliases (11,111 values) are refused; two levels (1,111) load."""
    assert parse(_laughs(levels=2), "x.yaml").errors == []
    assert "values (aliases counted expanded)" in parse(_laughs(levels=4), "x.yaml").errors[0].message


def test_limits_sit_well_above_real_content() -> None:
    """Nesting, items and scalar lengths of the shipped YAML stay far below each limit."""
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        assert path.stat().st_size * 20 < MAX_FILE_BYTES, path
        doc = parse(path.read_text(encoding="utf-8"), str(path))
        assert doc.errors == [], path
        assert max(len(loc) for loc in doc.lines) * 2 <= MAX_DEPTH, path
        assert len(doc.lines) * 10 < MAX_NODES, path


def test_a_file_over_the_size_limit_is_refused_unread(make_pack: Callable[..., Path]) -> None:
    """A file one byte over the limit is refused by name, before it is parsed."""
    root = make_pack({FILE: GOOD + "#" * (MAX_FILE_BYTES - len(GOOD.encode()) + 1)})
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    assert [str(e) for e in info.value.errors] == [
        f"{FILE}: refused: it is {MAX_FILE_BYTES + 1:,} bytes, over the limit of {MAX_FILE_BYTES:,}"
    ]


def test_too_many_files_in_one_folder(
    make_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """More YAML files in one folder than the limit: one error for the folder, no file read."""
    monkeypatch.setattr(_loader, "MAX_FILES_PER_FOLDER", 3)
    root = make_pack({f"data/reframes/r{i}.yaml": "not: [valid" for i in range(4)})
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    assert [str(e) for e in info.value.errors] == ["data/reframes: more than 3 YAML files in one folder"]
    assert MAX_FILES_PER_FOLDER == 1_000


def test_too_many_bytes_in_one_pack(make_pack: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the pack's total, the remaining files are named and not read."""
    monkeypatch.setattr(_loader, "MAX_PACK_BYTES", 2 * len(GOOD))
    files = {f"data/techniques/t{i}.yaml": GOOD.replace("id: sample", f"id: t{i}") for i in range(4)}
    root = make_pack(files)
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    messages = [str(e) for e in info.value.errors]
    assert messages[0].startswith("data/techniques/t2.yaml: the pack's YAML is over")
    assert messages[1].startswith("data/techniques/t3.yaml: not read: the pack's YAML is over")
    assert MAX_PACK_BYTES == 32 << 20


def test_problems_listed_per_file_are_capped(make_pack: Callable[..., Path]) -> None:
    """A file with thousands of mistakes lists the first hundred and counts the rest on one line."""
    root = make_pack({FILE: GOOD + "".join(f"typo{i}: 1\n" for i in range(500))})
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    errors = info.value.errors
    assert len(errors) == MAX_ERRORS_PER_FILE + 1
    assert all(e.message == "unknown field (check the spelling)" for e in errors[:-1])
    assert str(errors[-1]) == f"{FILE}: and {500 - MAX_ERRORS_PER_FILE} more problems in this file"


def test_bom_and_crlf_still_load(make_pack: Callable[..., Path]) -> None:
    """A UTF-8 BOM and Windows line endings are ordinary: the technique loads as without them."""
    root = make_pack({FILE: GOOD})
    plain = load_yaml_pack(root, label="")
    (root / FILE).write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    windows = load_yaml_pack(root, label="")
    assert windows == plain


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "the file is empty"),
        (b"# only a comment\n", 1, "the file is empty"),
        (GOOD.encode() + b"x: caf\xe9\n", GOOD.count("\n") + 1, "not UTF-8 text: invalid continuation byte"),
        (b"\xff\xfei\x00d\x00", 1, "not UTF-8 text"),  # UTF-16
        (GOOD.encode() + b"x: \xed\xa0\x80\n", GOOD.count("\n") + 1, "not UTF-8 text"),  # a surrogate
    ],
    ids=["empty", "only a comment", "latin-1", "utf-16", "encoded surrogate"],
)
def test_empty_and_undecodable_files(
    make_pack: Callable[..., Path], data: bytes, line: int, message: str
) -> None:
    """Empty and non-UTF-8 files are named with the line where the problem is."""
    root = make_pack({})
    (root / FILE).parent.mkdir(parents=True)
    (root / FILE).write_bytes(data)
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    error = info.value.errors[0]
    assert (error.path, error.line) == (FILE, line)
    assert message in error.message


def _special(root: Path, kind: str) -> None:
    target = root / "data" / "techniques" / "sample.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to({"dev-zero": "/dev/zero", "passwd": "/etc/passwd"}[kind])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("dev-zero", "is a link to a file outside the pack"),
        ("fifo", "is not a regular file"),
        ("passwd", "is a link to a file outside the pack"),
    ],
)
def test_pack_files_are_regular_files_inside_the_pack(
    make_pack: Callable[..., Path], kind: str, reason: str
) -> None:
    """A link to /dev/zero or /etc/passwd and a FIFO are refused by name (the FIFO is never waited on)."""
    root = make_pack({})
    _special(root, kind)
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    error = info.value.errors[0]
    assert (error.path, error.line) == (FILE, None)
    assert error.message == f"refused: it {reason}" or reason in error.message


def test_a_link_to_a_device_inside_the_pack_is_refused(make_pack: Callable[..., Path]) -> None:
    """Even a device reached through the pack (a link to a link) is not a regular file."""
    root = make_pack({})
    (root / "dev").symlink_to("/dev/zero")
    (root / FILE).parent.mkdir(parents=True)
    (root / FILE).symlink_to(root / "dev")
    with pytest.raises(ContentError) as info:
        load_yaml_pack(root, label="")
    assert info.value.errors[0].path == FILE


@pytest.mark.parametrize(
    "case",
    ["billion laughs", "recursive alias", "deep list", "bad !!bool", "python tag", "key with a newline"],
)
def test_validate_prints_one_line_per_error_and_no_traceback(
    make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str], case: str
) -> None:
    """`validate PACK` on a hostile pack exits 1 with each problem on its own FILE:LINE: line."""
    extra = next(h[1] for h in HOSTILE if h[0] == case)
    root = make_pack({FILE: GOOD + extra})
    assert main(["validate", str(root)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[-1].endswith("problem(s) found")
    assert lines[:-1], out
    assert all(re.match(rf"{re.escape(str(root / FILE))}:\d+: ", line) for line in lines[:-1]), out
    assert "Traceback" not in out + err


def test_validate_on_special_files_exits_1(
    make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` on a pack with a FIFO names the file and exits 1."""
    root = make_pack({})
    _special(root, "fifo")
    assert main(["validate", str(root)]) == 1
    out, _ = capsys.readouterr()
    assert f"{root / FILE}: refused: it is not a regular file" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "passwd"])
def test_i18n_extract_refuses_special_files_without_waiting(
    make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """`i18n extract --pack` names a FIFO or a link out of the pack and exits 1: it never opens it."""
    root = make_pack({})
    (root / "locales").mkdir()
    _special(root, kind)
    assert main(["i18n", "extract", "--pack", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{FILE}: refused: it is" in err
    assert "Traceback" not in err
    assert not (root / "locales" / "distress_tolerance.pot").exists()


@pytest.fixture
def missing(tmp_path: Path) -> Path:
    """A path to nothing."""
    return tmp_path / "no-pack-here"


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    """A file where a pack folder is expected."""
    path = tmp_path / "pack.txt"
    path.write_text("not a folder\n", encoding="utf-8")
    return path


def test_load_a_missing_pack_says_no_such_folder(missing: Path) -> None:
    """``load(path)`` on nothing: "no such folder", naming the path."""
    with pytest.raises(ContentError) as info:
        dt.load(missing)
    assert str(info.value.errors[0]) == f"{missing}: no such folder"


def test_load_a_file_says_not_a_folder(a_file: Path) -> None:
    """``load(path)`` on a file: "not a folder"."""
    with pytest.raises(ContentError) as info:
        dt.load(a_file)
    assert str(info.value.errors[0]).startswith(f"{a_file}: not a folder")


def test_load_a_path_with_a_nul_is_a_content_error(tmp_path: Path) -> None:
    """A path the system cannot even look up is our error too, never a bare ValueError."""
    with pytest.raises(ContentError, match="cannot open the folder"):
        dt.load(str(tmp_path / "a\x00b"))


@pytest.mark.parametrize("command", [["validate"], ["lint"], ["i18n", "extract", "--pack"]])
def test_cli_on_a_missing_or_wrong_pack_folder(
    capsys: pytest.CaptureFixture[str], missing: Path, a_file: Path, command: list[str]
) -> None:
    """validate, lint and i18n extract: exit 1, "no such folder" / "not a folder", no traceback."""
    assert main([*command, str(missing)]) == 1
    out, err = capsys.readouterr()
    assert f"{missing}: no such folder" in out + err
    assert main([*command, str(a_file)]) == 1
    out, err = capsys.readouterr()
    assert str(a_file) in out + err
    assert "folder" in out + err
    assert "Traceback" not in out + err
    assert not (missing / "locales").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"title: caf\xe9\nsteps: []\n", "not UTF-8 text"),
        (b"steps: " + b"[" * 500 + b"]" * 500, "nested more than 20"),
        (b"steps:\n  - &a [*a]\n", "inside its own anchor"),
        (b"steps: []\n" + b"#" * MAX_FILE_BYTES, "over the limit"),
        (b"steps: [!!bool maybe]\n", "not a valid bool"),
    ],
    ids=["latin-1", "deep", "recursive", "too big", "bad bool"],
)
def test_extractor_raises_only_content_errors(data: bytes, message: str) -> None:
    """The Babel extractor refuses hostile bytes with a ContentError naming the file."""
    fileobj = io.BytesIO(data)
    fileobj.name = "data/techniques/x.yaml"
    with pytest.raises(ContentError) as info:
        list(extract_yaml(fileobj, {}, (), {}))
    assert info.value.errors[0].path == "data/techniques/x.yaml"
    assert message in info.value.errors[0].message


def test_docs_list_every_limit() -> None:
    """docs/data-format.md "Limits" states each limit with the number the code uses."""
    docs = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    limits = docs.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for name, number in [
        ("MAX_FILE_BYTES", "1 MiB"),
        ("MAX_DEPTH", f"{MAX_DEPTH}"),
        ("MAX_ITEMS", f"{MAX_ITEMS:,}"),
        ("MAX_NODES", f"{MAX_NODES:,}"),
        ("MAX_SCALAR_CHARS", f"{MAX_SCALAR_CHARS:,}"),
        ("MAX_NUMBER_CHARS", f"{MAX_NUMBER_CHARS}"),
        ("MAX_FILES_PER_FOLDER", f"{MAX_FILES_PER_FOLDER:,}"),
        ("MAX_PACK_BYTES", "32 MiB"),
        ("MAX_ERRORS_PER_FILE", f"{MAX_ERRORS_PER_FILE}"),
    ]:
        row = next((line for line in limits.splitlines() if f"`{name}`" in line), "")
        assert number in row, (name, row)
    assert MAX_FILE_BYTES == 1 << 20


# ---------------------------------------------------------------------------------------------------
# Property: whatever the bytes, only ContentError leaves the loader.

_TOKENS = [
    "!!int ",
    "!!bool ",
    "!!float ",
    "!!timestamp ",
    "!!binary ",
    "!!set ",
    "!!omap ",
    "!!python/object:os.system ",
    "!!python/name:os.system ",
    "!!str ",
    "!custom ",
    "&a ",
    "*a ",
    "&b [*a, *a] ",
    "<<: *a\n",
    "[" * 60,
    "{" * 60,
    "]",
    "}",
    "9" * 5000,
    "1e99999",
    "0x",
    "0b2",
    "2024-02-30",
    "2024-13-01 25:61:61",
    "10:00:99",
    "~",
    "? ",
    ": ",
    "- ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "\t",
    "\r\n",
    "\r",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "\x1b",
    "'",
    '"',
    "|",
    ">",
    "#",
    "\n  ",
    "\n- ",
    ".nan",
    ".inf",
    "null",
    "yes",
    "no",
]
_RAW = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00", b"\xfe\xff"]


@st.composite
def _mutated_stop(draw: st.DrawFn) -> bytes:
    """stop.yaml with a few random YAML tokens, raw bytes or random text spliced in."""
    data = STOP
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        piece = draw(
            st.one_of(
                st.sampled_from(_TOKENS).map(str.encode),
                st.sampled_from(_RAW),
                st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")),
            )
        )
        cut = draw(st.integers(0, 8))
        data = data[:at] + piece + data[at + cut :]
    return data


@pytest.fixture(scope="module")
def scratch_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One throw-away pack whose only technique file each example overwrites."""
    root = tmp_path_factory.mktemp("limits-pack")
    (root / "data" / "techniques").mkdir(parents=True)
    return root


@given(st.one_of(_mutated_stop(), st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_any_bytes_in_a_pack_give_a_content_error_or_load(scratch_pack: Path, data: bytes) -> None:
    """Mutated real YAML, random bytes and random text: the loader loads or raises ContentError only."""
    (scratch_pack / "data" / "techniques" / "stop.yaml").write_bytes(data)
    try:
        content = load_yaml_pack(scratch_pack, label="")
    except ContentError as exc:
        assert exc.errors
        assert all(e.path == "data/techniques/stop.yaml" for e in exc.errors)
        assert all("\n" not in str(e) for e in exc.errors)
    else:
        assert [t.id for t in content.techniques] == ["stop"]


@given(st.one_of(_mutated_stop(), st.binary(max_size=400)))
def test_the_extractor_gives_messages_or_a_content_error(data: bytes) -> None:
    """The Babel extractor on the same inputs: messages or ContentError, nothing else."""
    fileobj = io.BytesIO(data)
    fileobj.name = "data/techniques/stop.yaml"
    try:
        messages = list(extract_yaml(fileobj, {}, (), {}))
    except ContentError as exc:
        assert exc.errors
    else:
        assert all(isinstance(line, int) and line >= 1 for line, _, _, _ in messages)


def test_parse_bytes_never_raises_on_each_token() -> None:
    """Every token alone, and appended to real YAML, is parsed or refused, never raised."""
    for token in _TOKENS:
        for data in (token.encode(), STOP + token.encode()):
            parse_bytes(data, "x.yaml")
