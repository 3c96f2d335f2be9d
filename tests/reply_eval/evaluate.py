"""Precision and recall of ``check_reply`` on the labelled replies of this folder.

Run ``python -m tests.reply_eval.evaluate`` for the development set (the replies the lexicons
were mended against), and ``python -m tests.reply_eval.evaluate heldout`` for the held-out set in
``heldout/``: replies written blind to the checker and its lexicons, never used to change them,
which measure how well the checker does on wording nobody tuned it to.

Each reply is scored by rule id: a rule the label lists and the checker reports is a true
positive, one it reports but the label does not list a false positive, one the label lists but
it misses a false negative. Figures are given per language and overall, for each rule family
(L: L1-L5, C: C1-C3, W: the warnings C9 and K1) and for all rules, followed by every reply the
checker got wrong.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from distress_tolerance._safety.reply import check_reply

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout"
"""The held-out set: written blind to the checker; the lexicons are never mended against it."""
FAMILIES = {"L": ("L1", "L2", "L3", "L4", "L5"), "C": ("C1", "C2", "C3"), "W": ("C9", "K1")}


@dataclass(frozen=True)
class Item:
    """One labelled reply."""

    locale: str
    text: str
    expect: frozenset[str]
    note: str
    source: str


@dataclass(frozen=True)
class Result:
    """A reply with the rules the checker reported."""

    item: Item
    found: frozenset[str]


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives, with precision and recall."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing was reported."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load(folder: Path = HERE) -> list[Item]:
    """Every labelled reply of ``folder``'s ``replies_*.yaml`` (the development set by default)."""
    items = []
    for path in sorted(folder.glob("replies_*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            items.append(
                Item(entry["locale"], entry["text"], frozenset(entry["expect"]), entry["note"], path.name)
            )
    return items


def run(items: Iterable[Item]) -> list[Result]:
    """Check every reply."""
    return [Result(item, frozenset(check_reply(item.text, item.locale).rules)) for item in items]


def score(results: Iterable[Result], rules: Iterable[str] | None = None) -> Score:
    """The score over ``rules`` (every rule when None)."""
    keep = None if rules is None else frozenset(rules)
    tp = fp = fn = 0
    for result in results:
        expect, found = result.item.expect, result.found
        if keep is not None:
            expect, found = expect & keep, found & keep
        tp += len(expect & found)
        fp += len(found - expect)
        fn += len(expect - found)
    return Score(tp, fp, fn)


def report(results: list[Result]) -> str:
    """The table of figures and the misses, as printed by ``main``."""
    languages = sorted({r.item.locale for r in results})
    rows = ["language  family  replies  tp  fp  fn  precision  recall"]
    for language in [*languages, "all"]:
        chosen = [r for r in results if language in {"all", r.item.locale}]
        for family, rules in [*FAMILIES.items(), ("all", None)]:
            s = score(chosen, rules)
            rows.append(
                f"{language:<9} {family:<7} {len(chosen):>7} {s.tp:>3} {s.fp:>3} {s.fn:>3}"
                f"  {s.precision:>9.3f}  {s.recall:>6.3f}"
            )
    misses = [r for r in results if r.found != r.item.expect]
    rows += ["", f"misses: {len(misses)} of {len(results)} replies"]
    for r in misses:
        wanted = ",".join(sorted(r.item.expect)) or "-"
        got = ",".join(sorted(r.found)) or "-"
        rows.append(f"  [{r.item.locale}] expected {wanted}, got {got} ({r.item.note}): {r.item.text}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the figures and the misses of the development set, or (``heldout``) the held-out one."""
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["heldout"]):
        sys.stderr.write("usage: python -m tests.reply_eval.evaluate [heldout]\n")
        return 2
    sys.stdout.write(report(run(load(HELDOUT if args else HERE))) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
