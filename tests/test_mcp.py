"""The MCP server end to end: `python -m distress_tolerance mcp` in a subprocess, driven by the SDK's
own stdio client (one server process for the module)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

mcp = pytest.importorskip("mcp")

from mcp import Client, MCPError, StdioServerParameters  # noqa: E402

import distress_tolerance as dtol  # noqa: E402
from distress_tolerance._channels.mcp_server import INSTRUCTIONS, create_server  # noqa: E402
from distress_tolerance._channels.tools import TOOL_NAMES, tool_definitions  # noqa: E402

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
async def client(anyio_backend: str) -> AsyncIterator[Client]:
    """A connected client of one `distress-tolerance mcp` subprocess."""
    params = StdioServerParameters(command=sys.executable, args=["-m", "distress_tolerance", "mcp"])
    async with Client(params, read_timeout_seconds=60) as connected:
        yield connected


def _answer(result: Any) -> dict[str, Any]:
    assert result.is_error is False, result.content
    text = json.loads(result.content[0].text)
    assert text == result.structured_content
    assert isinstance(text, dict)
    return text


async def test_the_server_names_itself_and_says_to_pass_the_crisis_route_on(client: Client) -> None:
    assert client.server_info is not None
    assert client.server_info.name == "distress-tolerance"
    assert client.instructions == INSTRUCTIONS
    assert "Always pass the crisis route on" in INSTRUCTIONS


async def test_tools_are_the_published_definitions(client: Client) -> None:
    listed = await client.list_tools()
    assert [t.name for t in listed.tools] == list(TOOL_NAMES)
    for tool, definition in zip(listed.tools, tool_definitions(), strict=True):
        assert tool.input_schema == definition["input_schema"]
        assert tool.description == definition["description"]
        assert tool.annotations is not None and tool.annotations.read_only_hint is True


async def test_find_skill(client: Client) -> None:
    answer = _answer(await client.call_tool("find_skill", {"distress": 7, "minutes": 10, "region": "GB"}))
    assert answer["skills"]
    assert answer["crisis"]["region"] == "GB"
    assert answer["crisis"]["services"]


async def test_get_technique(client: Client) -> None:
    answer = _answer(
        await client.call_tool("get_technique", {"id": "stop", "locale": "es", "format": "text"})
    )
    assert answer["content"] == dtol.Renderer().render("stop", format="text", locale="es")


async def test_get_crisis_services(client: Client) -> None:
    answer = _answer(await client.call_tool("get_crisis_services", {"region": "US", "language": "tlh"}))
    assert answer["services"] == []
    assert answer["emergency_numbers"][0]["number"] == "911"


async def test_get_reframe(client: Client) -> None:
    answer = _answer(await client.call_tool("get_reframe", {"theme": "future", "locale": "ar"}))
    assert answer["reframes"]
    assert answer["crisis"]["text"]


async def test_get_safety_plan(client: Client) -> None:
    answer = _answer(await client.call_tool("get_safety_plan", {"locale": "fr", "region": "FR"}))
    assert answer["parts"] and answer["lang"] == "fr"
    assert answer["content"] == dtol.Renderer().render_plan(format="markdown", locale="fr", region="FR")


async def test_a_server_requiring_reviewed_text_shows_unreviewed_safety_wording_in_english(
    anyio_backend: str, renderer: dtol.Renderer
) -> None:
    """`mcp --require-reviewed`: tool answers and resources alike give unreviewed crisis wording in
    English (a model cannot switch the operator's policy off: no tool argument names it)."""
    args = ["-m", "distress_tolerance", "mcp", "--require-reviewed"]
    params = StdioServerParameters(command=sys.executable, args=args)
    async with Client(params, read_timeout_seconds=60) as strict:
        answer = _answer(await strict.call_tool("get_crisis_services", {"locale": "de", "region": "DE"}))
        resource = (await strict.read_resource("distress-tolerance://crisis/DE?locale=de")).contents[0]
        calls = {t.name: t.input_schema for t in (await strict.list_tools()).tools}
    expected = renderer.render_crisis(format="text", locale="de", region="DE", require_reviewed=True)
    assert answer["text"] == expected and "If you need help now" in expected
    assert resource.text == renderer.render_crisis(
        format="markdown", locale="de", region="DE", require_reviewed=True
    )
    assert not any("require_reviewed" in schema["properties"] for schema in calls.values())


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("find_skill", {"distress": 60}, "distress: Input should be less than or equal to 10"),
        ("find_skill", {"distress": 5, "minutes": 5, "extra": 1}, "unknown argument 'extra'"),
        ("get_technique", {"id": "../../etc/passwd"}, "id: Input should be"),
        ("no_such_tool", {}, "unknown tool 'no_such_tool'"),
    ],
)
async def test_a_bad_call_is_a_tool_error_and_the_server_keeps_serving(
    client: Client, name: str, arguments: dict[str, Any], message: str
) -> None:
    result = await client.call_tool(name, arguments)
    assert result.is_error is True
    text = result.content[0].text
    assert message in text
    assert "local emergency number" in text
    assert (await client.list_tools()).tools  # still serving


async def test_resources_and_templates_are_listed(client: Client, library: dtol.Library) -> None:
    listed = await client.list_resources()
    uris = {r.uri for r in listed.resources}
    assert {f"distress-tolerance://technique/{t.id}" for t in library.techniques()} <= uris
    assert {
        "distress-tolerance://techniques",
        "distress-tolerance://crisis",
        "distress-tolerance://first-hour",
    } <= uris
    templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
    assert "distress-tolerance://technique/{id}{?locale,region}" in templates
    assert "distress-tolerance://crisis/{region}{?locale}" in templates


async def test_a_technique_resource_is_markdown_in_the_locale(
    client: Client, renderer: dtol.Renderer
) -> None:
    uri = "distress-tolerance://technique/paced-breathing?locale=fr&region=CA"
    result = await client.read_resource(uri)
    (content,) = result.contents
    assert content.mime_type == "text/markdown"
    assert content.text == str(
        renderer.render("paced-breathing", format="markdown", locale="fr", region="CA")
    )


async def test_crisis_first_hour_and_index_resources(client: Client, renderer: dtol.Renderer) -> None:
    crisis = (await client.read_resource("distress-tolerance://crisis/NZ?locale=en")).contents[0]
    assert crisis.text == renderer.render_crisis(format="markdown", region="NZ")
    nowhere = (await client.read_resource("distress-tolerance://crisis")).contents[0]
    assert nowhere.text == renderer.render_crisis(format="markdown")
    first = (await client.read_resource("distress-tolerance://first-hour?region=US")).contents[0]
    assert "911" in first.text
    index = (await client.read_resource("distress-tolerance://techniques?locale=de")).contents[0]
    assert "`tipp`" in index.text


@pytest.mark.parametrize(
    "uri",
    [
        "distress-tolerance://technique/no-such-skill",
        "distress-tolerance://technique/stop?locale=xx-evil",
        "distress-tolerance://crisis/USA",
        "distress-tolerance://crisis/QQ",
        "distress-tolerance://elsewhere",
    ],
)
async def test_a_bad_resource_uri_is_an_error_not_a_crash(client: Client, uri: str) -> None:
    with pytest.raises(MCPError) as caught:
        await client.read_resource(uri)
    assert caught.value.error.message
    assert (await client.list_tools()).tools  # still serving


async def test_a_host_pack_is_served_beside_the_built_in_content() -> None:
    """`--pack DIR` adds the pack's techniques to the tools' enums and answers them."""
    pack = ROOT / "tests" / "fixtures" / "catalogs" / "pack"
    library = dtol.load(pack)
    extra = sorted({t.id for t in library.techniques()} - {t.id for t in dtol.load().techniques()})
    assert extra
    args = ["-m", "distress_tolerance", "mcp", "--pack", str(pack)]
    async with Client(StdioServerParameters(command=sys.executable, args=args)) as packed:
        tools = (await packed.list_tools()).tools
        assert [t.input_schema for t in tools] == [d["input_schema"] for d in tool_definitions(library)]
        answer = _answer(await packed.call_tool("get_technique", {"id": extra[0], "format": "text"}))
        assert answer["content"] == dtol.Renderer(library).render(extra[0], format="text")


def test_without_the_sdk_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    """With `mcp` hidden, `distress-tolerance mcp` exits 1 and names the extra; stdout stays empty."""
    (tmp_path / "mcp.py").write_text("raise ImportError('hidden for the test')\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from distress_tolerance.cli import main; sys.exit(main(['mcp']))",
        ],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert 'pip install "distress-tolerance[mcp]"' in done.stderr


def test_create_server_without_the_sdk_raises_with_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mcp", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install \"distress-tolerance\[mcp\]\""):
        create_server()
