"""Find content packs and read their content.

A pack is a folder with ``data/`` (YAML) and ``locales/`` (gettext catalogs). The built-in pack
is found in one place only, here: inside an installed wheel it is ``distress_tolerance/_pack``
(with a compiled ``bundle.json`` and ``.mo`` files); in a source checkout or an editable install
it is the repository root, read from its YAML and ``.po`` files so that edits show at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from distress_tolerance._content.files import check_pack_folder
from distress_tolerance._content.trusted import construct
from distress_tolerance.exceptions import ContentError, ErrorLocation
from distress_tolerance.models import PackContent

BUNDLE_NAME = "bundle.json"
BUNDLE_DIGEST_NAME = "bundle.json.sha256"
"""The SHA-256 of the bundle, in hex, written by the build that validated it."""
_WHEEL_PACK = "_pack"
TEMPLATES_FOLDER = "templates"
"""Where in a compiled pack the wheel build puts the precompiled built-in templates."""


@dataclass(frozen=True)
class Pack:
    """A content pack on disk."""

    root: Path
    label: str
    """How the pack's file paths are shown in errors ("" for paths relative to the root)."""
    bundle: Path | None = None

    @property
    def data_dir(self) -> Path:
        """The pack's ``data/`` folder (English YAML)."""
        return self.root / "data"

    @property
    def locales_dir(self) -> Path:
        """The pack's ``locales/`` folder (gettext catalogs)."""
        return self.root / "locales"

    def read(self) -> PackContent:
        """Load and validate the pack's content, from its bundle when it has one.

        A bundle whose SHA-256 is the one its build recorded was validated by that build, and is
        rebuilt without validating it again; any other bundle is validated in full.
        """
        if self.bundle is not None:
            data = self.bundle.read_bytes()
            if _recorded_digest(self.bundle) == hashlib.sha256(data).hexdigest():
                return construct(PackContent, json.loads(data))
            try:
                return PackContent.model_validate_json(data)
            except ValueError as exc:  # pydantic's ValidationError is a ValueError
                problem = ErrorLocation(str(self.bundle), None, "", f"invalid bundle: {exc}")
                raise ContentError([problem]) from exc
        from distress_tolerance._content.loader import load_yaml_pack

        return load_yaml_pack(self.root, label=self.label)


def _recorded_digest(bundle: Path) -> str | None:
    try:
        return bundle.with_name(BUNDLE_DIGEST_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def builtin_pack() -> Pack:
    """The pack that ships with the library, from a wheel or from a source checkout."""
    package = files("distress_tolerance")
    installed = package / _WHEEL_PACK
    if installed.is_dir():
        root = Path(str(installed))
        bundle = root / BUNDLE_NAME
        return Pack(root, "distress_tolerance", bundle if bundle.is_file() else None)
    checkout = Path(str(package)).parent.parent
    if (checkout / "data").is_dir() and (checkout / "locales").is_dir():
        return Pack(checkout, "")
    msg = f"the built-in content pack is missing (looked in {installed} and {checkout})"
    raise ContentError([ErrorLocation(str(installed), None, "", msg)])


def precompiled_templates() -> Path | None:
    """The folder of the built-in templates compiled to Python by the wheel build, if any."""
    folder = Path(str(files("distress_tolerance") / _WHEEL_PACK / TEMPLATES_FOLDER))
    return folder if folder.is_dir() else None


def host_pack(path: str | Path) -> Pack:
    """A host application's own pack, read from its YAML and ``.po``/``.mo`` files."""
    root = Path(path)
    check_pack_folder(root, str(root))
    return Pack(root, str(root))
