"""Stable ids: a shipped id never disappears without a deprecation record, and new ids are recorded."""

from __future__ import annotations

from pathlib import Path

import yaml

import distress_tolerance as dt

ROOT = Path(__file__).resolve().parent.parent
RECORD = yaml.safe_load((ROOT / "data" / "ids.yaml").read_text(encoding="utf-8"))


def _current(library: dt.Library) -> dict[str, set[str]]:
    return {
        "techniques": {t.id for t in library.techniques()},
        "reframes": {r.id for r in library.reframes()},
        "crisis_services": {s.id for region in library.regions() for s in library.crisis_services(region)},
    }


def test_no_shipped_id_disappears_without_a_deprecation_record(library: dt.Library) -> None:
    """Every id in data/ids.yaml is still shipped, or deprecated with a reason."""
    deprecated = RECORD["deprecated"] or {}
    for kind, ids in _current(library).items():
        missing = set(RECORD[kind]) - ids - set(deprecated)
        assert missing == set(), f"{kind} removed without a deprecation record in data/ids.yaml: {missing}"
    for record in deprecated.values():
        assert record.get("reason"), "a deprecation record says why"


def test_every_shipped_id_is_recorded(library: dt.Library) -> None:
    """A new id is added to data/ids.yaml in the same change, so its removal can be caught later."""
    for kind, ids in _current(library).items():
        assert ids - set(RECORD[kind]) == set(), f"add these {kind} ids to data/ids.yaml"


def test_deprecated_ids_are_not_reused(library: dt.Library) -> None:
    """An id, once deprecated, is never used again for something else."""
    deprecated = set(RECORD["deprecated"] or {})
    for ids in _current(library).values():
        assert ids & deprecated == set()
