"""Accessibility in a real browser: axe-core in Debian's Chromium and the Nu HTML checker.

Every technique in every shipped locale (Arabic, right to left, included), as a fragment inside a minimal
host page and as a standalone page, at heading base levels 1 and 2: axe-core (default options, no rule
disabled) finds 0 violations, in the light colour scheme and, for standalone pages (the only ones with a
dark style), in the dark one too; the Nu validator finds 0 errors; with ``prefers-reduced-motion: reduce``
nothing animates. Control tests plant a fault to show each check can fail.

The tools come from ``.ci/install-browser-tools``. Without them these tests skip, naming what is missing;
under ``CI=true`` they fail instead. ``DT_WRITE_SCREENSHOTS=1`` refreshes the PNGs in ``docs/images/``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

import pytest

import distress_tolerance as dt
from distress_tolerance._i18n.locale import text_direction
from tests.conftest import ROOT, shipped_locales

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LOCALES = ["en", *shipped_locales()]
SPEC_LOCALES = {"en", "es", "fr", "de", "pt_BR", "ar"}
LEVELS = (1, 2)
FORMS = ("html", "page")  # a fragment inside our host page; a standalone document
GROUPS = [(form, locale, level) for form in FORMS for locale in LOCALES for level in LEVELS]
SCREENSHOTS = ROOT / "docs" / "images"
VIEWPORT_WIDTH, VIEWPORT_HEIGHT = 760, 1000
VIOLATIONS_JS = """async () => (await axe.run(document)).violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary})),
}))"""
# What would move or change by itself: running animations, autoplaying media, refreshes, marquees.
MOTION_JS = """() => [document.body.offsetHeight, document.getAnimations().length,
    document.querySelectorAll('[autoplay], marquee, blink, meta[http-equiv="refresh" i]').length]"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@dataclass(frozen=True)
class Tools:
    """Where the browser, axe-core, the Nu validator and Java are."""

    chromium: Path
    axe: Path
    vnu: Path
    java: str


@pytest.fixture(scope="module")
def tools() -> Tools:
    """Find the tools; skip naming what is missing, or fail under CI=true."""
    folders = [Path(p) for p in os.environ.get("DT_NODE_MODULES", "").split(os.pathsep) if p]
    folders += [ROOT / ".tools" / "node_modules", ROOT / "node_modules"]
    axe = next(
        (f / "axe-core" / "axe.min.js" for f in folders if (f / "axe-core" / "axe.min.js").is_file()), None
    )
    vnu = next(
        (
            f / "vnu-jar" / "build" / "dist" / "vnu.jar"
            for f in folders
            if (f / "vnu-jar" / "build" / "dist" / "vnu.jar").is_file()
        ),
        None,
    )
    java = shutil.which("java")
    missing = [
        what
        for what, absent in [
            (f"Chromium at {CHROMIUM}", not CHROMIUM.is_file()),
            ("the Python package playwright", importlib.util.find_spec("playwright") is None),
            ("axe-core under " + " or ".join(map(str, folders)), axe is None),
            ("vnu-jar under " + " or ".join(map(str, folders)), vnu is None),
            ("java on PATH", java is None),
        ]
        if absent
    ]
    if missing:
        reason = (
            f"missing {'; '.join(missing)}: run `bash .ci/install-browser-tools` and `pip install -e .[test]`"
        )
        if _in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    assert axe is not None and vnu is not None and java is not None
    return Tools(chromium=CHROMIUM, axe=axe, vnu=vnu, java=java)


@dataclass(frozen=True)
class Page:
    """One rendered page and what it was rendered from."""

    form: str
    locale: str
    level: int
    technique: str
    region: str | None
    html: str

    @property
    def name(self) -> str:
        return f"{self.form}-{self.locale}-h{self.level}-{self.technique}.html"


def host_page(fragment: str, *, locale: str, level: int, title: str) -> str:
    """A minimal, valid, accessible host document around a fragment, as a host application would write."""
    heading = '<h1 lang="en" dir="ltr">Example host application</h1>\n' if level == 2 else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{locale.replace("_", "-")}" dir="{text_direction(locale)}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n<main>\n{heading}{fragment}</main>\n</body>\n</html>\n"
    )


# A document with two errors the Nu validator must report: a duplicate id and a <p> inside <ul>.
PLANTED_INVALID = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>planted</title></head>\n'
    '<body><main><h1 id="x">A</h1><ul><p id="x">B</p></ul></main></body>\n</html>\n'
)


@dataclass
class Site:
    """Every page, rendered once and written to a folder that the Nu validator checks in one run."""

    folder: Path
    pages: dict[tuple[str, str, int], list[Page]]
    vnu: subprocess.Popen[str]

    @cached_property
    def vnu_errors(self) -> dict[str, list[dict[str, Any]]]:
        """File name -> the validator's error messages (waits for the run started in the background)."""
        _, report = self.vnu.communicate(timeout=600)
        try:
            messages = json.loads(report)["messages"]
        except (ValueError, KeyError):
            pytest.fail(
                f"the Nu validator failed (exit {self.vnu.returncode}): {report[-2000:]}", pytrace=False
            )
        errors: dict[str, list[dict[str, Any]]] = {}
        for message in messages:
            if message.get("type") in ("error", "non-document-error"):
                errors.setdefault(message.get("url", "").rsplit("/", 1)[-1], []).append(message)
        return errors


@pytest.fixture(scope="module")
def site(tools: Tools, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Render every page once, write them out and start the Nu validator on all of them in the background."""
    renderer = dt.Renderer()
    folder = tmp_path_factory.mktemp("pages")
    pages: dict[tuple[str, str, int], list[Page]] = {}
    for form, locale, level in GROUPS:
        group = pages.setdefault((form, locale, level), [])
        for i, technique in enumerate(t.id for t in renderer.library.techniques()):
            region = "US" if (i + level) % 2 == 0 else None  # each technique with and without a region
            html = renderer.render(technique, format=form, locale=locale, region=region, heading_level=level)
            if form == "html":
                title = renderer.library.localize(technique, locale).title.text
                html = host_page(html, locale=locale, level=level, title=title)
            group.append(Page(form, locale, level, technique, region, html))
    for locale in ("en", "ar"):  # the crisis card a chat bot appends, inside a host page
        cards = pages.setdefault(("card", locale, 2), [])
        for region in ("US", None):
            fragment = str(dt.crisis_card(locale, region).html())
            html = host_page(fragment, locale=locale, level=2, title="Crisis card")
            cards.append(Page("card", locale, 2, f"card-{region or 'none'}", region, html))
    for group in pages.values():
        for page in group:
            (folder / page.name).write_text(page.html, encoding="utf-8")
    (folder / "planted-invalid.html").write_text(PLANTED_INVALID, encoding="utf-8")
    files = sorted(str(f) for f in folder.glob("*.html"))
    command = [tools.java, "-jar", str(tools.vnu), "--errors-only", "--format", "json", *files]
    vnu = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    yield Site(folder, pages, vnu)
    if vnu.poll() is None:
        vnu.kill()
        vnu.communicate()


@dataclass
class Browser:
    """Headless Chromium with one context per colour scheme, both emulating reduced motion."""

    contexts: dict[str, Any]
    tabs: dict[str, Any]
    axe: Path

    def show(self, scheme: str, html: str) -> Any:
        """Load a document into the tab of a colour scheme (no network) and return the tab."""
        tab = self.tabs[scheme]
        tab.set_content(html)
        return tab

    def violations(self, scheme: str, html: str) -> list[dict[str, Any]]:
        """axe-core's violations for a document, with default options."""
        tab = self.show(scheme, html)
        if not tab.evaluate("typeof axe !== 'undefined'"):  # axe stays on the window across set_content
            tab.add_script_tag(path=str(self.axe))
        result: list[dict[str, Any]] = tab.evaluate(VIOLATIONS_JS)
        return result


@pytest.fixture(scope="module")
def browser(tools: Tools) -> Iterator[Browser]:
    """One headless Chromium for the module: Debian's, never a downloaded one."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(tools.chromium), args=CHROMIUM_ARGS)
        contexts = {
            scheme: chromium.new_context(
                color_scheme=scheme,
                reduced_motion="reduce",
                bypass_csp=True,  # axe is injected; test_pages_keep_their_own_policy checks the policy
                viewport={"width": VIEWPORT_WIDTH, "height": VIEWPORT_HEIGHT},
            )
            for scheme in ("light", "dark")
        }
        yield Browser(contexts, {scheme: c.new_page() for scheme, c in contexts.items()}, tools.axe)
        chromium.close()
    finally:
        playwright.stop()


def _describe(page: Page, violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{page.name} (region {page.region}): {v['id']} [{v['impact']}] {v['help']} at {n['target']}: "
        f"{' '.join((n['summary'] or '').split())} -- {n['html'][:160]}"
        for v in violations
        for n in v["nodes"]
    ]


def test_the_specified_locales_are_shipped_and_one_is_right_to_left() -> None:
    """The locales under test include every one the issue names, and Arabic renders right to left."""
    assert set(LOCALES) >= SPEC_LOCALES
    assert text_direction("ar") == "rtl"


def test_axe_reports_a_planted_violation(browser: Browser) -> None:
    """The harness sees violations: no lang, an empty button and no h1 fail; a clean page passes."""
    bad = (
        "<!DOCTYPE html><html><head><title>t</title></head><body><main><button></button></main></body></html>"
    )
    good = bad.replace("<html>", '<html lang="en">').replace("<button></button>", "<h1>Hi</h1>")
    assert {v["id"] for v in browser.violations("light", bad)} == {
        "html-has-lang",
        "button-name",
        "page-has-heading-one",
    }
    assert browser.violations("light", good) == []


@pytest.mark.parametrize(
    ("form", "locale", "level"), GROUPS, ids=[f"{f}-{loc}-h{lv}" for f, loc, lv in GROUPS]
)
def test_axe_finds_no_violation_in_light_scheme(
    site: Site, browser: Browser, form: str, locale: str, level: int
) -> None:
    """axe-core, with no rule disabled, finds 0 violations on every technique of the group."""
    found = [
        line
        for page in site.pages[form, locale, level]
        for line in _describe(page, browser.violations("light", page.html))
    ]
    assert found == []


DARK = [(locale, level) for locale in LOCALES for level in LEVELS]


@pytest.mark.parametrize(("locale", "level"), DARK, ids=[f"page-{loc}-h{lv}" for loc, lv in DARK])
def test_axe_finds_no_violation_in_dark_scheme(site: Site, browser: Browser, locale: str, level: int) -> None:
    """The standalone page's dark colours pass axe-core too (contrast above all)."""
    found = [
        line
        for page in site.pages["page", locale, level]
        for line in _describe(page, browser.violations("dark", page.html))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("form", "locale", "level"), GROUPS, ids=[f"{f}-{loc}-h{lv}" for f, loc, lv in GROUPS]
)
def test_nothing_moves_with_reduced_motion(
    site: Site, browser: Browser, form: str, locale: str, level: int
) -> None:
    """With prefers-reduced-motion: reduce, 0 running animations and nothing that autoplays or refreshes."""
    moving = []
    for page in site.pages[form, locale, level]:
        _, animations, autoplay = browser.show("light", page.html).evaluate(MOTION_JS)
        if animations or autoplay:
            moving.append(
                f"{page.name}: {animations} animations, {autoplay} autoplaying or refreshing elements"
            )
    assert moving == []


def test_the_page_style_stops_a_planted_animation(site: Site, browser: Browser) -> None:
    """The probe sees a running animation; our page's reduced-motion rule stops it, and only under reduce."""
    page = site.pages["page", "en", 2][0].html
    animated = str(page).replace(  # str: Markup.replace would escape the planted style
        "</head>", "<style>@keyframes dt-t{to{opacity:.5}} h1{animation:dt-t 2s infinite}</style></head>"
    )
    assert browser.show("light", animated).evaluate(MOTION_JS)[1] == 0
    tab = browser.contexts["light"].new_page()
    try:
        tab.emulate_media(reduced_motion="no-preference")
        tab.set_content(animated)
        assert tab.evaluate(MOTION_JS)[1] == 1
    finally:
        tab.close()


def test_nu_validator_reports_a_planted_error(site: Site) -> None:
    """The one validator run reports the planted duplicate id and misplaced <p>, so its JSON is read right."""
    messages = " ".join(m["message"] for m in site.vnu_errors.get("planted-invalid.html", []))
    assert "Duplicate ID" in messages
    assert re.search(r"Element .?p.? not allowed as child of element .?ul", messages), messages


@pytest.mark.parametrize(
    ("form", "locale", "level"), GROUPS, ids=[f"{f}-{loc}-h{lv}" for f, loc, lv in GROUPS]
)
def test_nu_validator_finds_no_error(site: Site, form: str, locale: str, level: int) -> None:
    """The Nu HTML checker reports 0 errors on every technique of the group."""
    found = [
        f"{page.name} line {m.get('lastLine')}: {m['message']} -- {m.get('extract', '')!r}"
        for page in site.pages[form, locale, level]
        for m in site.vnu_errors.get(page.name, [])
    ]
    assert found == []


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_the_crisis_card_passes_axe_and_the_nu_validator(site: Site, browser: Browser, locale: str) -> None:
    """The crisis card's HTML, inside a plain host page, with and without a region: 0 axe
    violations and 0 Nu errors. Light scheme only, as for the other fragments: an unstyled host
    page's dark colours are the host's (the card brings no CSS)."""
    cards = site.pages["card", locale, 2]
    found = [line for page in cards for line in _describe(page, browser.violations("light", page.html))]
    found += [f"{page.name}: {m['message']}" for page in cards for m in site.vnu_errors.get(page.name, [])]
    assert found == []


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(x) / 255 for x in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_screenshots_light_dark_and_arabic(browser: Browser, tmp_path: Path) -> None:
    """The page follows the colour scheme and Arabic lays out right to left; PNGs of each are taken.

    With DT_WRITE_SCREENSHOTS=1 they are written to docs/images/ for the docs site.
    """
    folder = SCREENSHOTS if os.environ.get("DT_WRITE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    renderer = dt.Renderer()
    english = renderer.render("paced-breathing", format="page", locale="en", region="US", heading_level=2)
    arabic = renderer.render("paced-breathing", format="page", locale="ar", region=None, heading_level=2)
    shots = [
        ("page-light.png", "light", english),
        ("page-dark.png", "dark", english),
        ("page-ar.png", "light", arabic),
    ]
    facts = {}
    for name, scheme, html in shots:
        tab = browser.show(scheme, html)
        facts[name] = tab.evaluate(
            """() => { const text = document.createRange();
                       text.selectNodeContents(document.querySelector('article h2'));
                       const title = text.getBoundingClientRect();
                       const main = document.querySelector('main').getBoundingClientRect();
                       return [getComputedStyle(document.body).backgroundColor, document.dir,
                               Math.round(main.right - title.right), Math.round(title.left - main.left)]; }"""
        )
        tab.screenshot(path=str(folder / name))
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _luminance(facts["page-light.png"][0]) > 0.9
    assert _luminance(facts["page-dark.png"][0]) < 0.15
    # The Arabic title hugs the right edge of <main>; the English one the left edge.
    assert facts["page-ar.png"][1] == "rtl" and facts["page-ar.png"][2] < facts["page-ar.png"][3]
    assert facts["page-light.png"][1] == "ltr" and facts["page-light.png"][3] < facts["page-light.png"][2]


def test_pages_keep_their_own_policy(browser: Browser) -> None:
    """Under its own Content-Security-Policy a technique's, the crisis route's and the first hour's
    page show their style with no error and make no request, and a script planted in the page by a
    host's mistake does not run."""
    renderer = dt.Renderer()
    pages = {
        "technique": renderer.render("paced-breathing", format="page", locale="ar", region="US"),
        "crisis": renderer.render_crisis(format="page", locale="es", region="MX"),
        "first-hour": renderer.render_first_hour(format="page", locale="en", region="GB"),
    }
    context = browser.contexts["light"].browser.new_context()  # the page's own policy applies
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on(
        "request", lambda request: problems.append(request.url) if request.url.startswith("http") else None
    )
    for name, html in pages.items():
        tab.set_content(str(html))
        styled = tab.evaluate("() => getComputedStyle(document.querySelector('main')).maxWidth")
        assert styled != "none", f"{name}: the page's own style did not apply"
        assert problems == [], f"{name}: {problems}"
        tab.set_content(str(html).replace("</main>", "<script>document.title = 'ran'</script></main>"))
        assert tab.title() != "ran", f"{name}: a script ran under the page's policy"
        assert problems and all("Content Security Policy" in p for p in problems), problems
        problems.clear()
    context.close()


def test_the_first_hour_and_the_plan_pages_pass_axe_and_the_plan_saves_offline(
    browser: Browser, tools: Tools, tmp_path: Path
) -> None:
    """axe-core finds 0 violations on the first hour's and the safety plan's pages (light and dark,
    English and Arabic, a blank plan and a filled one). Under its own Content-Security-Policy the
    plan page's one script runs, makes no request, and "Save" downloads the plan as JSON that
    reads back as the same plan."""
    renderer = dt.Renderer()
    plan = dt.SafetyPlan(
        warning_signs=("I stop answering messages", "<b>not bold</b>"),
        people_to_ask=(dt.PlanContact(name="Sam", contact="555-0100"),),
        techniques=("paced-breathing",),
        services=("us-988-lifeline",),
    )
    chromium = browser.contexts["light"].browser
    found = []
    for scheme in ("light", "dark"):
        context = chromium.new_context(color_scheme=scheme, bypass_csp=True)  # axe is injected
        tab = context.new_page()
        for locale in ("en", "ar"):
            pages = {
                "first-hour": renderer.render_first_hour(format="page", locale=locale, region="US"),
                "plan-blank": renderer.render_plan(None, format="page", locale=locale, region="US"),
                "plan": renderer.render_plan(plan, format="page", locale=locale, region="US"),
            }
            for name, html in pages.items():
                tab.set_content(str(html))
                tab.add_script_tag(path=str(tools.axe))
                found += [f"{name} {locale} {scheme}: {v['id']}" for v in tab.evaluate(VIOLATIONS_JS)]
        context.close()
    assert found == []

    context = chromium.new_context(accept_downloads=True)  # the page's own policy applies
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on(
        "request", lambda request: problems.append(request.url) if request.url.startswith("http") else None
    )
    tab.set_content(str(renderer.render_plan(plan, format="page", region="US")))
    with tab.expect_download() as download:
        tab.click("#dt-save")
    saved = tmp_path / "safety-plan.json"
    download.value.save_as(saved)
    context.close()
    assert problems == []
    assert dt.SafetyPlan.model_validate_json(saved.read_text(encoding="utf-8")) == plan
