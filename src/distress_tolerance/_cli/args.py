"""Arguments several ``distress-tolerance`` commands share, defined once."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

_PACK_HELP = "folder with data/ and locales/ (default: the built-in pack)"
_LOCALE_HELP = "locale such as es, es_MX or pt_BR (default: en)"
_REGION_HELP = "ISO 3166 region for crisis lines, e.g. US (default: the locale's region, if any)"


def region_type(value: str) -> str:
    """An argparse type: an ISO 3166-1 alpha-2 region, upper-cased, ``ZZ`` (not listed), or a
    region the built-in content knows without an ISO code (``XK``, Kosovo).

    Anything else (``usa``, ``XX``) is a usage error that lists close matches.
    """
    from distress_tolerance._i18n.locale import check_region
    from distress_tolerance.exceptions import UnknownRegionError

    if value == "":
        return value
    try:
        return check_region(value)
    except UnknownRegionError as exc:
        from distress_tolerance.library import load  # only for a code outside ISO 3166-1

        if value.strip().upper() in load().emergency_regions():
            return value.strip().upper()
        raise argparse.ArgumentTypeError(str(exc)) from None


class LazyEpilogParser(argparse.ArgumentParser):
    """A parser whose epilog is made only when its help is shown (``epilog_from``): the text may
    live in a module that no other run of the command needs to import."""

    def __init__(self, *args: Any, epilog_from: Callable[[], str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._epilog_from = epilog_from

    def format_help(self) -> str:
        if self._epilog_from is not None:
            self.epilog, self._epilog_from = self._epilog_from(), None
        return super().format_help()


class VersionAction(argparse.Action):
    """``--version``: the installed version, read from the package metadata only when asked."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the version and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from distress_tolerance._content.version import package_version

        sys.stdout.write(f"{parser.prog} {package_version()}\n")
        parser.exit()


def pack_argument(p: argparse.ArgumentParser) -> None:
    """An optional positional PACK folder (``validate``, ``lint``)."""
    p.add_argument("pack", nargs="?", type=Path, default=None, help=_PACK_HELP)


def pack_option(p: argparse.ArgumentParser) -> None:
    """``--pack DIR`` (the ``i18n`` commands)."""
    p.add_argument("--pack", type=Path, default=None, help=_PACK_HELP)


def locale_option(p: argparse.ArgumentParser, *, default: Any = "en", required: bool = False) -> None:
    """``--locale``."""
    if required:
        p.add_argument("--locale", required=True, help="locale such as es, es_MX or pt_BR")
    else:
        p.add_argument("--locale", default=default, help=_LOCALE_HELP)


def region_option(p: argparse.ArgumentParser, *, default: Any = None) -> None:
    """``--region``."""
    p.add_argument("--region", default=default, type=region_type, help=_REGION_HELP)


def at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than ``minimum``."""

    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            msg = f"must be at least {minimum}, not {number}"
            raise argparse.ArgumentTypeError(msg)
        return number

    parse.__name__ = f"at_least_{minimum}"  # argparse names the type in its error messages
    return parse


def host_packs_option(p: argparse.ArgumentParser, verb: str) -> None:
    """``--pack DIR`` (repeatable): host content packs used beside the built-in one."""
    p.add_argument(
        "--pack",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help=f"a host content pack to {verb} beside the built-in one (repeatable)",
    )
