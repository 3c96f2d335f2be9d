"""The Jinja environment our templates run in, defined once: for the Renderer, and for the wheel
build, which compiles the built-in templates to Python ahead of time with this same environment.

An installed wheel holds those compiled templates (``distress_tolerance/_pack/templates``, with
the Jinja version that compiled them in ``jinja.json``). They are used only under that same Jinja
version; otherwise, and in a source checkout, templates are compiled from source on first use.
A host's loader always comes first, so a host's template replaces ours either way.

Every environment made here shares one bounded in-memory cache of compiled template code, keyed
by the template's name, file and a checksum of its source: a second ``Renderer`` (or one made per
request) does not compile again what an earlier one compiled, and an edited template is compiled
anew.
"""

from __future__ import annotations

import contextlib
import json
import sys
import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from markupsafe import escape as html_escape

from distress_tolerance._i18n.lru import LRU, shared

if TYPE_CHECKING:
    from collections.abc import Callable

    import jinja2

PRECOMPILED_MANIFEST = "jinja.json"
"""The file beside the compiled templates naming the Jinja version that compiled them."""
_UNESCAPED = ("text/", "markdown/")  # markdown gets escaped data instead (see _render/formats.py)
_LOCATION = "_distress_tolerance_template"
_NO_ATTRIBUTE = html_escape("")
CODE_CACHE_SIZE = 256
"""How many compiled templates every environment made here shares (room for all the built-in
ones and a host's)."""
_CODE: LRU[Any] = shared(CODE_CACHE_SIZE)


def lang_attr(text: object, root: str) -> Markup:
    """`` lang="xx"`` when ``text`` (content or an interface string that knows its ``lang``) is
    not in the page's language ``root``, e.g. an untranslated label shown in English; nothing for
    a regional page using its language's text (``es`` text on an ``es-MX`` page). The template
    filter ``lang_attr``."""
    lang = getattr(text, "lang", None)
    if not isinstance(lang, str) or lang == root or lang == root.split("-", maxsplit=1)[0]:
        return _NO_ATTRIBUTE
    return Markup(' lang="%s"') % lang  # Markup's % escapes the value


TEMPLATE_FILTERS: dict[str, Callable[..., Any]] = {"lang_attr": lang_attr}
"""The filters our templates use beyond Jinja's own (``{{ text|lang_attr(root) }}``): add them to
your own ``jinja2.Environment`` to render our templates there with :meth:`Renderer.context`."""


def autoescape(name: str | None) -> bool:
    """Every template escapes but ``text/`` and ``markdown/`` ones, whichever loader provided it."""
    return name is None or not name.startswith(_UNESCAPED)


def template_environment(loaders: list[jinja2.BaseLoader]) -> jinja2.Environment:
    """The environment of our templates, reading them from ``loaders`` in order."""
    import jinja2

    env = environment_class()(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=_shared_code(),
    )
    env.filters.update(TEMPLATE_FILTERS)
    return env


def jinja_version() -> str | None:
    """The installed Jinja's version (None if it stops saying: then nothing precompiled is used)."""
    import jinja2

    with warnings.catch_warnings():  # a later Jinja may deprecate the attribute
        warnings.simplefilter("ignore")
        version = getattr(jinja2, "__version__", None)
    return version if isinstance(version, str) else None


@cache
def precompiled_loader(folder: Path) -> jinja2.BaseLoader | None:
    """A loader of the templates compiled into ``folder`` by the wheel build, or None when there
    are none or another Jinja version compiled them (its generated code may not run on ours).
    One per folder for the process: every Renderer shares it (the manifest is read once)."""
    import jinja2

    try:
        manifest = json.loads((folder / PRECOMPILED_MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("jinja2") != jinja_version():
        return None
    return jinja2.ModuleLoader(folder)


def precompile(source: Path, out: Path) -> list[str]:
    """Compile every template under ``source`` to a Python module in ``out``, as
    :class:`jinja2.ModuleLoader` reads them, and write the manifest. Returns the file names."""
    import jinja2

    env = template_environment([jinja2.FileSystemLoader(source)])
    names = sorted(env.list_templates())
    env.compile_templates(out, zip=None, ignore_errors=False)  # a broken template fails the build
    written = [jinja2.ModuleLoader.get_module_filename(name) for name in names]
    manifest = {"jinja2": jinja_version(), "templates": names}
    (out / PRECOMPILED_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return [*written, PRECOMPILED_MANIFEST]


@cache
def _shared_code() -> jinja2.BytecodeCache:
    """The code cache every environment made here shares (made on first use, like Jinja itself)."""
    import jinja2

    class SharedCode(jinja2.BytecodeCache):
        """Compiled template code in memory, by (name and file, source checksum): code objects are
        immutable, so environments with the same settings can share them."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            found = _CODE.find((bucket.key, bucket.checksum))
            if found is not None:
                bucket.code = found

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            code = bucket.code
            if code is not None:
                _CODE.get((bucket.key, bucket.checksum), lambda: code)

    return SharedCode()


def template_location(exc: BaseException) -> tuple[str, int] | None:
    """The template name and line of a Jinja error: a syntax error's own, or the innermost
    template frame recorded when the error was raised at render time."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return (exc.name or exc.filename or "<template>", exc.lineno)
    found = getattr(exc, _LOCATION, None)
    return found if isinstance(found, tuple) else None


@cache
def environment_class() -> type[jinja2.Environment]:
    """Our Environment class (made on first use, so importing this module does not load Jinja)."""
    import jinja2

    class Environment(jinja2.Environment):
        """Records where in which template a render-time error happened, before Jinja rewrites
        the traceback (which keeps only file names: a DictLoader template has none)."""

        def handle_exception(self, source: str | None = None) -> Any:
            _, exc, tb = sys.exc_info()
            where = None
            while tb is not None:
                template = tb.tb_frame.f_globals.get("__jinja_template__")
                if template is not None:
                    where = (template.name or "<template>", template.get_corresponding_lineno(tb.tb_lineno))
                tb = tb.tb_next
            if exc is not None and where is not None and getattr(exc, _LOCATION, None) is None:
                with contextlib.suppress(AttributeError, TypeError):  # an exception without a dict
                    setattr(exc, _LOCATION, where)
            return super().handle_exception(source)

    return Environment
