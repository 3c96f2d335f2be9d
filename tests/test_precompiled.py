"""Templates compiled to Python by the wheel build render exactly what the source templates do.

An installed wheel renders from ``_pack/templates`` (see ``_render/environment.py``); a checkout
never has that folder, so these tests compile the templates as the build does into a temporary
folder and point the renderer at it.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import pytest

import distress_tolerance as dt
import distress_tolerance.render as render_module
from distress_tolerance._render.environment import PRECOMPILED_MANIFEST, jinja_version, precompiled_loader
from distress_tolerance._tools.build import compile_templates
from tests.conftest import shipped_locales

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "src" / "distress_tolerance" / "templates"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in templates, compiled as the wheel build compiles them."""
    out = tmp_path_factory.mktemp("pack")
    written = compile_templates(ROOT, out)
    sources = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*") if p.is_file())
    assert len(written) == len(sources) + 1  # a module per template, and the manifest
    manifest = json.loads((out / "templates" / PRECOMPILED_MANIFEST).read_text(encoding="utf-8"))
    assert manifest == {"jinja2": jinja_version(), "templates": sources}
    return out / "templates"


def _precompiled_renderer(
    library: dt.Library, folder: Path, monkeypatch: pytest.MonkeyPatch, **options: object
) -> dt.Renderer:
    with monkeypatch.context() as patch:
        patch.setattr(render_module, "precompiled_templates", lambda: folder)
        renderer = dt.Renderer(library, cache_size=0, **options)  # type: ignore[arg-type]
        renderer.environment  # noqa: B018 (built now, while the patch holds)
    return renderer


def test_the_renderer_uses_the_compiled_templates(
    library: dt.Library, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With compiled templates at hand, no template is parsed from source."""
    renderer = _precompiled_renderer(library, compiled, monkeypatch)
    template = renderer.environment.get_template("html/technique.html")
    assert template.filename is not None and Path(template.filename).parent == compiled
    source = dt.Renderer(library).environment.get_template("html/technique.html")
    assert source.filename == str(TEMPLATES / "html" / "technique.html")


def test_every_rendering_is_byte_identical(
    library: dt.Library, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every technique in every format, and the crisis route, first hour and plan, in every shipped
    locale with and without a region: compiled and source templates give the same bytes."""
    fast = _precompiled_renderer(library, compiled, monkeypatch)
    slow = dt.Renderer(library, cache_size=0)
    compared = 0
    for locale in shipped_locales():
        for region in (None, "US"):
            for technique in library:
                for fmt in render_module.FORMATS:
                    args = {"format": fmt, "locale": locale, "region": region}
                    assert fast.render(technique.id, **args) == slow.render(technique.id, **args)
                    compared += 1
            for fmt in ("text", "markdown", "html", "page"):
                args = {"format": fmt, "locale": locale, "region": region}
                assert fast.render_crisis(**args) == slow.render_crisis(**args)
                assert fast.render_first_hour(**args) == slow.render_first_hour(**args)
                assert fast.render_plan(**args) == slow.render_plan(**args)
                compared += 3
    assert compared >= len(shipped_locales()) * 2 * (len(library) * 7 + 12)


def test_a_host_template_still_comes_first(
    library: dt.Library, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host's loader replaces a compiled template as it replaces a source one."""
    host = jinja2.DictLoader({"html/technique.html": "<i>{{ t.title }} {{ '<b>' }}</i>"})
    renderer = _precompiled_renderer(library, compiled, monkeypatch, loader=host)
    assert renderer.render("stop", format="html") == "<i>STOP &lt;b&gt;</i>"


def test_an_error_inside_a_compiled_template_names_it_and_its_line(
    library: dt.Library, compiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error raised in one of our compiled templates (here: a host including ours with a
    context it lacks) names that template and a line of its source, as from source."""
    host = jinja2.DictLoader({"text/technique.txt": "x\n{% include 'text/notices.txt' %}"})
    messages = []
    for renderer in (
        _precompiled_renderer(library, compiled, monkeypatch, loader=host),
        dt.Renderer(library, loader=host),
    ):
        context = {"t": None}
        with pytest.raises(dt.RenderError) as info:
            render_module.render_template(renderer.environment, "text/technique.txt", context)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "text/notices.txt, line " in messages[0]


@pytest.mark.parametrize(
    "manifest",
    [
        None,  # no manifest
        b"{not json",
        b"[]",
        json.dumps({"jinja2": "0.0.1"}).encode(),  # another Jinja compiled them
    ],
)
def test_templates_compiled_by_another_jinja_are_not_used(
    library: dt.Library,
    compiled: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    manifest: bytes | None,
) -> None:
    """Generated code is only trusted under the Jinja that generated it: otherwise, and when the
    manifest is missing or damaged, templates are compiled from source and the output is the same."""
    folder = tmp_path / "templates"
    folder.mkdir()
    for module in compiled.glob("*.py"):
        (folder / module.name).write_bytes(b"raise RuntimeError('must not be imported')\n")
    if manifest is not None:
        (folder / PRECOMPILED_MANIFEST).write_bytes(manifest)
    assert precompiled_loader(folder) is None
    renderer = _precompiled_renderer(library, folder, monkeypatch)
    assert renderer.render("stop", format="html", locale="es") == dt.Renderer(library).render(
        "stop", format="html", locale="es"
    )


def test_a_second_renderer_does_not_compile_again_and_an_edited_template_is_compiled(
    library: dt.Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Environments share compiled code by template and source: a renderer made after another
    (one per request, say) compiles nothing, while a template whose source changed is compiled
    anew and never served stale."""
    dt.Renderer(library).render("stop", format="html")
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiled.append(str(name))
        return original(self, source, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    assert dt.Renderer(library).render("stop", format="html") == dt.Renderer(library).render(
        "stop", format="html"
    )
    assert compiled == []
    for word in ("first", "second"):
        host = jinja2.DictLoader({"html/technique.html": f"{word} {{{{ t.title }}}}"})
        assert dt.Renderer(library, loader=host).render("stop", format="html") == f"{word} STOP"
    assert compiled == ["html/technique.html", "html/technique.html"]
