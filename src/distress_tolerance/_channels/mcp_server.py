"""An MCP server: the chat-bot tools and the content as resources, over the official ``mcp`` SDK.

``distress-tolerance mcp`` runs it over stdio (:func:`run_stdio`). The SDK is an optional extra
(``pip install "distress-tolerance[mcp]"``) imported only here and only when a server is made.

Tools are exactly :func:`~distress_tolerance._channels.tools.tool_definitions` (the same schemas)
answered by :func:`~distress_tolerance._channels.tools.call_tool` (the same dispatcher). The
SDK's ``MCPServer`` derives a tool's schema from a Python signature, so the server is built on the
SDK's low-level ``Server`` (which ``MCPServer`` itself wraps) with one handler per request kind.
Nothing a client sends can stop it: a bad call becomes a tool error (``isError``) that names the
argument at fault, a bad resource URI a JSON-RPC error, and every error points to emergency help.

Resources (Markdown; ``locale`` and ``region`` are optional query parameters):

* ``distress-tolerance://techniques{?locale}``: every skill with its id and summary;
* ``distress-tolerance://technique/{id}{?locale,region}``: one skill, ending with the crisis route;
* ``distress-tolerance://crisis/{region}{?locale}``: the crisis route of a region
  (``distress-tolerance://crisis``: what to do without one);
* ``distress-tolerance://first-hour{?locale,region}``: the first hour after self-harm.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from distress_tolerance._channels.tool_args import GetCrisisServicesArguments, validate_arguments
from distress_tolerance._channels.tools import DESCRIPTIONS, call_tool, tool_definitions
from distress_tolerance._content.version import package_version
from distress_tolerance._render.formats import markdown_escape
from distress_tolerance.exceptions import DistressToleranceError

if TYPE_CHECKING:
    from mcp import types
    from mcp.server import Server, ServerRequestContext

    from distress_tolerance.library import Library
    from distress_tolerance.render import Renderer

__all__ = ["INSTALL_HINT", "INSTRUCTIONS", "SCHEME", "create_server", "run_stdio", "serve_stdio"]

SCHEME = "distress-tolerance"
"""The URI scheme of the resources."""

INSTALL_HINT = 'the MCP server needs the mcp package: pip install "distress-tolerance[mcp]"'
"""The message raised when the ``mcp`` SDK is not installed."""

INSTRUCTIONS = """\
This server offers DBT-informed distress tolerance skills, kinder reframes for harsh thoughts and a
directory of crisis lines and emergency numbers, in several languages.

Safety comes first:
- If the person may be in danger, or mentions suicide or hurting themselves, give the emergency
  number and a crisis line (get_crisis_services, or the `crisis` part of any answer) before anything
  else, and encourage them to reach out now.
- Always pass the crisis route on. find_skill and get_reframe answers carry it in `crisis`
  (`crisis.text` is ready to show in the person's language); get_technique renderings end with it.
  Never drop it, and copy phone numbers exactly.
- Ask which country the person is in rather than guessing; without a region the answers say to
  contact local emergency services.
- The content is a draft that no clinician has reviewed yet unless `review_status` says
  `reviewed`; say so if asked. These skills help people cope; they are not therapy, a diagnosis or
  a replacement for crisis help.
- Offer one skill at a time in warm, plain words, and go through its cautions before the steps.
"""
"""What the server tells the model about using it (sent when a client connects)."""

_SAFETY_LINE = "If someone is in danger now, tell them to call their local emergency number."
_MARKDOWN = "text/markdown"

logger = logging.getLogger(__name__)


def create_server(library: Library | None = None, *, require_reviewed: bool = False) -> Server[Any]:
    """The MCP server for ``library`` (default: the built-in content), not yet connected.

    With ``require_reviewed``, every tool answer and resource shows cautions and crisis wording
    whose translation is not reviewed in English (the operator's policy, see
    :func:`~distress_tolerance.call_tool`). Raises ModuleNotFoundError with :data:`INSTALL_HINT`
    when the ``mcp`` SDK is not installed.
    """
    _require_mcp()
    from mcp import types
    from mcp.server import Server

    from distress_tolerance.library import load
    from distress_tolerance.render import Renderer

    chosen = library if library is not None else load()
    renderer = Renderer(chosen)
    annotations = types.ToolAnnotations(
        read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
    )
    tools = [
        types.Tool(
            name=d["name"],
            title=d["name"].replace("_", " ").capitalize(),
            description=DESCRIPTIONS[d["name"]],
            input_schema=d["input_schema"],
            annotations=annotations,
        )
        for d in tool_definitions(chosen)
    ]
    schemas = {tool.name: tool.input_schema for tool in tools}
    resources = _Resources(chosen, renderer, require_reviewed)

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def call(
        ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        return await _call(chosen, renderer, params.name, params.arguments, require_reviewed)

    async def list_resources(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        return types.ListResourcesResult(resources=resources.listed())

    async def list_templates(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourceTemplatesResult:
        return types.ListResourceTemplatesResult(resource_templates=resources.templates())

    async def read(
        ctx: ServerRequestContext[Any], params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        return await resources.read(str(params.uri))

    return Server(
        SCHEME,
        version=package_version(),
        title="Distress tolerance skills",
        description="DBT-informed distress tolerance skills, reframes and crisis lines.",
        instructions=INSTRUCTIONS,
        get_tool_input_schema=schemas.get,
        on_list_tools=list_tools,
        on_call_tool=call,
        on_list_resources=list_resources,
        on_list_resource_templates=list_templates,
        on_read_resource=read,
    )


async def serve_stdio(library: Library | None = None, *, require_reviewed: bool = False) -> None:
    """Serve ``library`` over this process's stdin and stdout until the client disconnects.

    While it serves, the SDK points the process's own stdout at stderr: only protocol messages
    reach the client. ``require_reviewed`` as for :func:`create_server`.
    """
    server = create_server(library, require_reviewed=require_reviewed)
    from mcp.server.stdio import stdio_server

    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


def run_stdio(library: Library | None = None, *, require_reviewed: bool = False) -> None:
    """Run :func:`serve_stdio` to the end (blocking)."""
    _require_mcp()
    import anyio

    anyio.run(functools.partial(serve_stdio, library, require_reviewed=require_reviewed))


def _require_mcp() -> None:
    try:
        import mcp  # noqa: F401 (only checks that the SDK is there)
    except ImportError as exc:
        raise ModuleNotFoundError(INSTALL_HINT, name="mcp") from exc


async def _call(
    library: Library, renderer: Renderer, name: str, arguments: Any, require_reviewed: bool
) -> types.CallToolResult:
    """One tool call as an MCP result: the answer as JSON text and as structured content, or a
    tool error (``isError``) saying what was wrong, never an exception."""
    import anyio.to_thread
    from mcp import types

    try:
        answer = await anyio.to_thread.run_sync(
            functools.partial(
                call_tool, library, name, arguments, renderer=renderer, require_reviewed=require_reviewed
            )
        )
    except DistressToleranceError as exc:
        return _tool_error(f"{exc}")
    except Exception:  # a bug must not end the conversation: report it, keep serving
        logger.exception("tool %r failed", name)
        return _tool_error(f"{name}: the server could not answer this call (an internal error)")
    text = json.dumps(answer, ensure_ascii=False)
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=text)], structured_content=answer, is_error=False
    )


def _tool_error(message: str) -> types.CallToolResult:
    from mcp import types

    return types.CallToolResult(
        content=[types.TextContent(type="text", text=f"Error: {message}. {_SAFETY_LINE}")], is_error=True
    )


class _Resources:
    """The content as resources: listing, templates and reading by URI."""

    def __init__(self, library: Library, renderer: Renderer, require_reviewed: bool) -> None:
        from mcp.shared.uri_template import UriTemplate

        self._library = library
        self._renderer = renderer
        self._strict = require_reviewed
        self._routes: list[tuple[UriTemplate, Callable[[dict[str, str]], str]]] = [
            (UriTemplate.parse(f"{SCHEME}://techniques{{?locale}}"), self._index),
            (UriTemplate.parse(f"{SCHEME}://technique/{{id}}{{?locale,region}}"), self._technique),
            (UriTemplate.parse(f"{SCHEME}://crisis{{?locale}}"), self._crisis),
            (UriTemplate.parse(f"{SCHEME}://crisis/{{region}}{{?locale}}"), self._crisis),
            (UriTemplate.parse(f"{SCHEME}://first-hour{{?locale,region}}"), self._first_hour),
        ]

    def listed(self) -> list[types.Resource]:
        """The resources a client can list: the index, each skill, the crisis route, the first hour."""
        from mcp import types

        found = [
            types.Resource(
                uri=f"{SCHEME}://techniques",
                name="techniques",
                title="Distress tolerance skills",
                description="Every skill with its id and a one-line summary (English; add ?locale=es).",
                mime_type=_MARKDOWN,
            ),
            types.Resource(
                uri=f"{SCHEME}://crisis",
                name="crisis",
                title="Getting help now",
                description="What to do in a crisis when the region is not known, and the regions "
                "with crisis lines (add /US for a region's lines).",
                mime_type=_MARKDOWN,
            ),
        ]
        if self._library.first_hour() is not None:
            found.append(
                types.Resource(
                    uri=f"{SCHEME}://first-hour",
                    name="first-hour",
                    title="The first hour after self-harm",
                    description="When to get medical help now, what needs a check today, and what helps "
                    "meanwhile (add ?locale=es&region=US).",
                    mime_type=_MARKDOWN,
                )
            )
        for technique in self._library.techniques():
            found.append(
                types.Resource(
                    uri=f"{SCHEME}://technique/{technique.id}",
                    name=technique.id,
                    title=technique.title,
                    description=technique.summary,
                    mime_type=_MARKDOWN,
                )
            )
        return found

    def templates(self) -> list[types.ResourceTemplate]:
        """The resource templates: a skill, a region's crisis route, the first hour, the index."""
        from mcp import types

        def template(uri: str, name: str, description: str) -> types.ResourceTemplate:
            return types.ResourceTemplate(
                uri_template=f"{SCHEME}://{uri}", name=name, description=description, mime_type=_MARKDOWN
            )

        found = [
            template(
                "technique/{id}{?locale,region}",
                "technique",
                "One skill in a locale, ending with the crisis route for the region.",
            ),
            template(
                "crisis/{region}{?locale}", "crisis", "The crisis lines and emergency numbers of a region."
            ),
            template(
                "techniques{?locale}", "techniques", "Every skill with its id and summary, in a locale."
            ),
        ]
        if self._library.first_hour() is not None:
            found.append(
                template(
                    "first-hour{?locale,region}",
                    "first-hour",
                    "The first hour after self-harm in a locale, with the region's emergency numbers.",
                )
            )
        return found

    async def read(self, uri: str) -> types.ReadResourceResult:
        """The resource at ``uri`` as Markdown; an MCP error (never a crash) for a URI or a
        parameter that is not valid."""
        import anyio.to_thread
        from mcp import types
        from mcp.shared.exceptions import MCPError

        for template, produce in self._routes:
            found = template.match(uri)
            if found is None:
                continue
            values = {key: value for key, value in found.items() if isinstance(value, str)}
            try:
                text = await anyio.to_thread.run_sync(produce, values)
            except DistressToleranceError as exc:
                raise MCPError(types.INVALID_PARAMS, f"{exc}. {_SAFETY_LINE}", {"uri": uri}) from None
            except Exception:  # a bug: report it to the client as an error, keep serving
                logger.exception("resource %r failed", uri)
                raise MCPError(types.INTERNAL_ERROR, f"cannot read this resource. {_SAFETY_LINE}") from None
            return types.ReadResourceResult(
                contents=[types.TextResourceContents(uri=uri, text=text, mime_type=_MARKDOWN)]
            )
        known = ", ".join(str(t) for t, _ in self._routes)
        raise MCPError(types.INVALID_PARAMS, f"unknown resource {uri[:80]!r}: the templates are {known}")

    def _technique(self, values: dict[str, str]) -> str:
        arguments: dict[str, Any] = {"format": "markdown", **values}
        answer = call_tool(
            self._library, "get_technique", arguments, renderer=self._renderer, require_reviewed=self._strict
        )
        return str(answer["content"])

    def _crisis(self, values: dict[str, str]) -> str:
        locale, region = self._place(values)
        return str(
            self._renderer.render_crisis(
                format="markdown", locale=locale, region=region, require_reviewed=self._strict
            )
        )

    def _first_hour(self, values: dict[str, str]) -> str:
        locale, region = self._place(values)
        return str(
            self._renderer.render_first_hour(
                format="markdown", locale=locale, region=region, require_reviewed=self._strict
            )
        )

    def _index(self, values: dict[str, str]) -> str:
        locale, _ = self._place(values)
        lines = ["# Distress tolerance skills", ""]
        for technique in self._library.techniques():
            t = self._library.localize(technique, locale)
            when = t.when
            lines.append(
                f"- **{markdown_escape(t.title.text)}** (`{t.id}`, {when.minutes} min, distress "
                f"{when.distress.min}-{when.distress.max}, {t.review.status.value}): "
                f"{markdown_escape(t.summary.text)}"
            )
        crisis = self._renderer.render_crisis(format="markdown", locale=locale, require_reviewed=self._strict)
        return "\n".join([*lines, "", str(crisis)])

    def _place(self, values: dict[str, str]) -> tuple[str, str | None]:
        """The locale and region of a URI, checked like ``get_crisis_services``'s arguments."""
        wanted = {key: values[key] for key in ("locale", "region") if key in values}
        args = validate_arguments(self._library, "get_crisis_services", wanted)
        assert isinstance(args, GetCrisisServicesArguments)
        locale = str(args.locale)
        return locale, self._library.region_for(locale, args.region)
