"""A wheel's bundle, validated by its build, is rebuilt without validating it again; any bundle
whose digest is not the one its build recorded is validated in full."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import hashlib
import json
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from distress_tolerance._content import trusted
from distress_tolerance._content.pack import BUNDLE_DIGEST_NAME, BUNDLE_NAME, Pack
from distress_tolerance._content.trusted import construct
from distress_tolerance._tools.build import bundle_bytes, compile_pack
from distress_tolerance.exceptions import ContentError
from distress_tolerance.models import PackContent, Technique

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundle() -> bytes:
    return bundle_bytes(ROOT)


def assert_same(built: Any, validated: Any, where: str = "PackContent") -> None:
    """Equal values of exactly the same types, all the way down (a StrEnum equals its string, and
    pydantic's ``==`` would not notice an enum left as a string)."""
    assert type(built) is type(validated), f"{where}: {type(built).__name__} != {type(validated).__name__}"
    if isinstance(validated, BaseModel):
        assert built.model_fields_set == validated.model_fields_set, where
        for name in type(validated).model_fields:
            assert_same(getattr(built, name), getattr(validated, name), f"{where}.{name}")
    elif isinstance(validated, tuple):
        assert len(built) == len(validated), where
        for index, (a, b) in enumerate(zip(built, validated, strict=True)):
            assert_same(a, b, f"{where}[{index}]")
    else:
        assert built == validated, where


def test_the_shipped_bundle_rebuilds_to_what_validation_gives(bundle: bytes) -> None:
    """Every value of the shipped content, rebuilt from its bundle, is the validated value."""
    built = construct(PackContent, json.loads(bundle))
    assert_same(built, PackContent.model_validate_json(bundle))
    assert built.model_dump_json().encode() == bundle
    assert len(built.techniques) >= 18 and built.crisis_services and built.first_hour is not None


def test_the_checker_notices_an_enum_left_as_a_string(bundle: bytes) -> None:
    """The comparison above can fail: a category kept as its JSON string is caught."""
    validated = PackContent.model_validate_json(bundle)
    technique = validated.techniques[0]
    wrong = technique.model_copy(update={"category": str(technique.category.value)})
    assert isinstance(technique.category, enum.Enum)
    with pytest.raises(AssertionError, match=r"techniques\[0\]\.category"):
        assert_same(
            validated.model_copy(update={"techniques": (wrong, *validated.techniques[1:])}), validated
        )


def write_pack(folder: Path, bundle: bytes, digest: str | None) -> Pack:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / BUNDLE_NAME).write_bytes(bundle)
    if digest is not None:
        (folder / BUNDLE_DIGEST_NAME).write_text(digest + "\n", encoding="ascii")
    return Pack(folder, "distress_tolerance", folder / BUNDLE_NAME)


def test_a_bundle_with_its_build_digest_is_not_validated_again(
    bundle: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = write_pack(tmp_path, bundle, hashlib.sha256(bundle).hexdigest())

    def refuse(*args: object, **kwargs: object) -> None:
        msg = "validated again"
        raise AssertionError(msg)

    monkeypatch.setattr(PackContent, "model_validate_json", refuse)
    content = pack.read()
    assert [t.id for t in content.techniques] == [t["id"] for t in json.loads(bundle)["techniques"]]
    assert isinstance(content.techniques[0].review.written, dt.date)


@pytest.mark.parametrize("digest", [None, "0" * 64, "not hex at all"])
def test_a_bundle_changed_after_its_build_is_validated_in_full(
    bundle: bytes, tmp_path: Path, digest: str | None
) -> None:
    """An edited bundle (its digest stale, missing or damaged) gets the full check, and a clear
    error naming the bundle."""
    data = json.loads(bundle)
    data["techniques"][0]["title"] = ""
    edited = json.dumps(data).encode()
    pack = write_pack(tmp_path, edited, digest)
    with pytest.raises(ContentError) as caught:
        pack.read()
    message = str(caught.value)
    assert str(tmp_path / BUNDLE_NAME) in message and "invalid bundle" in message and "title" in message


def test_the_build_records_the_digest_of_the_bundle_it_wrote(tmp_path: Path, bundle: bytes) -> None:
    written = compile_pack(ROOT, tmp_path)
    assert Path(BUNDLE_DIGEST_NAME) in written
    assert (tmp_path / BUNDLE_NAME).read_bytes() == bundle
    recorded = (tmp_path / BUNDLE_DIGEST_NAME).read_text(encoding="ascii").strip()
    assert recorded == hashlib.sha256(bundle).hexdigest()


class _Odd(BaseModel):
    either: int | str


class _Mapping(BaseModel):
    counts: dict[str, int]


@pytest.mark.parametrize(("model", "field"), [(_Odd, "_Odd.either"), (_Mapping, "_Mapping.counts")])
def test_a_field_type_it_cannot_rebuild_is_refused_by_name(model: type[BaseModel], field: str) -> None:
    """A model with a field it does not know how to rebuild fails loudly, never silently wrong."""
    with pytest.raises(TypeError, match=field):
        construct(model, {})


def test_optional_dates_and_nested_models_are_rebuilt(bundle: bytes) -> None:
    """A technique with dates, enums and nested models round-trips through its JSON."""
    technique = PackContent.model_validate_json(bundle).techniques[0]
    assert_same(construct(Technique, json.loads(technique.model_dump_json())), technique, "Technique")


class _Tree(BaseModel):
    children: tuple[_Tree, ...] = ()


def test_a_model_that_contains_itself_is_refused() -> None:
    with pytest.raises(TypeError, match="_Tree: cannot rebuild a model that contains itself"):
        construct(_Tree, {"children": []})


def test_threads_rebuilding_for_the_first_time_at_once_all_get_whole_models(
    bundle: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight threads loading a bundle at once, before any converter exists, never see half of one."""
    monkeypatch.setattr(trusted, "_converters", {})
    data = json.loads(bundle)
    start = threading.Barrier(8)

    def rebuild(_: int) -> PackContent:
        start.wait()
        return construct(PackContent, data)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(rebuild, range(8)))
    validated = PackContent.model_validate_json(bundle)
    for result in results:
        assert_same(result, validated)


def test_left_out_fields_get_their_defaults(bundle: bytes) -> None:
    """A field left out of the JSON gets its default, as validation gives it."""
    data = json.loads(bundle)["techniques"][0]
    data.pop("translator_note", None)
    data.pop("license")
    built = construct(Technique, data)
    assert_same(built, Technique.model_validate(data), "Technique")
    assert built.license == "CC-BY-SA-4.0" and "license" not in built.model_fields_set


def test_without_known_slots_pydantic_makes_every_instance(
    bundle: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a pydantic release to change BaseModel's slots, every instance would come from
    model_construct: the same models."""
    monkeypatch.setattr(trusted, "_DIRECT", False)
    monkeypatch.setattr(trusted, "_converters", {})
    assert_same(construct(PackContent, json.loads(bundle)), PackContent.model_validate_json(bundle))


def test_a_copy_with_changes_never_touches_the_fields_set_instances_share(bundle: bytes) -> None:
    """Frozen instances given every field share one fields_set; a copy gets its own."""
    techniques = construct(PackContent, json.loads(bundle)).techniques
    first, second = techniques[0], techniques[1]
    assert first.model_fields_set is second.model_fields_set
    assert first.model_fields_set == set(Technique.model_fields)
    changed = first.model_copy(update={"title": "Another title"})
    assert changed.model_fields_set is not first.model_fields_set
    assert changed.title == "Another title" and second.title != "Another title"
    with pytest.raises(ValidationError):
        first.title = "x"  # type: ignore[misc]
    assert first.model_fields_set == set(Technique.model_fields)


def test_rebuilt_instances_pickle_copy_hash_and_dump_like_validated_ones(bundle: bytes) -> None:
    """What hosts do with the models they receive (cache them pickled, copy them, put them in
    sets, dump them) gives the same results for rebuilt instances as for validated ones."""
    built = construct(PackContent, json.loads(bundle)).techniques[0]
    validated = PackContent.model_validate_json(bundle).techniques[0]
    assert pickle.loads(pickle.dumps(built)) == validated  # noqa: S301 our own bytes
    assert copy.deepcopy(built) == built and copy.copy(built) == built
    assert hash(built) == hash(validated) and {built, validated} == {validated}
    assert built.model_dump(mode="json") == validated.model_dump(mode="json")
