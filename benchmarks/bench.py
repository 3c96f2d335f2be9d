"""Speed and memory goals of distress_tolerance, each measured as a ratio against a reference.

Run from anywhere::

    python benchmarks/bench.py            # print the table
    python benchmarks/bench.py --check    # ... and exit 1 when a goal fails
    python benchmarks/bench.py --json     # print the results as JSON instead of the table

Every goal is a ratio ``ours / reference`` where both sides are measured in the same run on the
same machine, so the limits hold on a slow laptop as on a fast CI runner. See README.md beside
this file for what each ratio compares.

Cold-process and memory goals run in fresh interpreters of a private virtual environment that
has the project's *wheel* installed (built from this checkout, with the compiled pack: ``.mo``
catalogs and ``bundle.json``), because an editable install reads YAML and ``.po`` files instead.
The environment is cached under the system temp folder and refreshed when the wheel changes.

Only the standard library and the library's own dependencies are used.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench_reference import TEMPLATE, first_difference, visible_words

ROOT = Path(__file__).resolve().parent.parent
TECHNIQUE = "contrary-action"
REGION = "US"  # goals 10-13 render the crisis route of a region with emergency numbers and services
INDEPENDENT_LOCALES = ((10, "en"), (11, "es"), (12, "ar"))  # goals 10-12: ours / the independent reference
THREAD_LOCALES = ("en", "es", "fr", "de", "pt_BR", "ar")
HEADING = "Steps"  # a UI string every technique shows as a heading; translated in every locale
PROCESS_RUNS = 11  # fresh processes per side for cold measurements (median; the brief asks >= 7)
QUIET = 0.9  # below this CPU share while timing, the machine was busy with something else
DEPENDENCIES = ("jinja2", "markupsafe", "pydantic", "pydantic-core", "babel", "pyyaml")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Result:
    number: int
    goal: str
    ratio: float | None
    limit: float
    ours: float | None = None
    reference: float | None = None
    unit: str = "s"
    """The unit of ``ours`` and ``reference``: ``s``, ``B`` or ``renders/s``."""
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Correctness failures: any makes the goal fail whatever its ratio."""
    at_least: bool = False
    """The ratio must be at least the limit (a throughput), not at most (a cost)."""

    @property
    def passed(self) -> bool:
        if self.ratio is None or self.problems:
            return False
        return self.ratio >= self.limit if self.at_least else self.ratio <= self.limit


# --------------------------------------------------------------------------------------------
# Timing helpers


class CpuShare:
    """How much of a CPU the timed code got: wall time against CPU time, totalled.

    Close to 100% means nothing else competed for the CPU while we measured. Much less means
    other processes did, and the ratios (wall-clock, as they must be) are unreliable.
    """

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def add(self, wall: float, cpu: float) -> None:
        self.wall += wall
        self.cpu += cpu

    @property
    def share(self) -> float | None:
        return self.cpu / self.wall if self.wall else None


IN_PROCESS = CpuShare()
SUBPROCESSES = CpuShare()


def time_rounds(
    func: Callable[[], object],
    *,
    rounds: int,
    loops: int,
    setup: Callable[[], None] | None = None,
) -> list[float]:
    """Seconds per call of ``func``, one value per round (``loops`` calls each), GC paused while timed."""
    results = []
    for _ in range(rounds):
        if setup is not None:
            setup()
        gc.collect()
        gc.disable()
        try:
            cpu = time.process_time()
            start = time.perf_counter()
            for _ in range(loops):
                func()
            wall = time.perf_counter() - start
            IN_PROCESS.add(wall, time.process_time() - cpu)
            results.append(wall / loops)
        finally:
            gc.enable()
    return results


def interleaved(
    ours: Callable[[], list[float]],
    reference: Callable[[], list[float]],
    times: int,
) -> tuple[float, float]:
    """Best seconds per call of each side, alternating the sides so drift hits both alike.

    In-process timings keep the best round: other load on the machine only ever adds time, and
    the best round is the one it disturbed least.
    """
    a: list[float] = []
    b: list[float] = []
    for _ in range(times):
        a.extend(ours())
        b.extend(reference())
    return min(a), min(b)


def interleaved_many(sides: list[Callable[[], list[float]]], times: int) -> list[float]:
    """Like :func:`interleaved` for any number of sides: the best seconds per call of each."""
    found: list[list[float]] = [[] for _ in sides]
    for _ in range(times):
        for side, results in zip(sides, found, strict=True):
            results.extend(side())
    return [min(results) for results in found]


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "B":
        return f"{value / 1024:.0f} KiB"
    if unit == "s":
        return f"{value * 1e3:.2f} ms" if value >= 1e-3 else f"{value * 1e6:.1f} us"
    return f"{value:.0f} {unit}"


def children_cpu() -> float | None:
    """CPU seconds used by finished child processes (None where ``resource`` is missing)."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def voluntary_switches() -> int:
    """Voluntary context switches of this process so far (-1 where ``resource`` is missing)."""
    try:
        import resource
    except ImportError:
        return -1
    return resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw


# --------------------------------------------------------------------------------------------
# The wheel environment (for fresh-process goals)


def build_wheel(out: Path) -> Path:
    """Build this checkout's wheel (the build hook compiles the pack into it)."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(out),
        str(ROOT),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        # Without the build backend installed here, let pip fetch it in an isolated build.
        command.remove("--no-build-isolation")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"cannot build the wheel:\n{done.stdout}\n{done.stderr}"
        raise SystemExit(msg)
    wheels = sorted(out.glob("distress_tolerance-*.whl"))
    if len(wheels) != 1:
        msg = f"expected one wheel in {out}, found {wheels}"
        raise SystemExit(msg)
    return wheels[0]


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wheel_environment(work: Path) -> Path:
    """A venv (no system site-packages) with this checkout's wheel installed; returns its python.

    Cached in the temp folder; the dependencies are pinned to the versions of the running Python
    so that both environments measure the same code. The wheel is reinstalled only when its bytes
    change (builds are reproducible).
    """
    tag = hashlib.sha256(f"{sys.executable}|{sys.version}".encode()).hexdigest()[:10]
    venv = Path(tempfile.gettempdir()) / f"distress-tolerance-bench-venv-{tag}"
    python = venv_python(venv)
    wheel = build_wheel(work / "wheel")
    pins = []
    for name in DEPENDENCIES:
        try:
            pins.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            pins.append(name)
    state = json.dumps({"wheel": hashlib.sha256(wheel.read_bytes()).hexdigest(), "pins": pins})
    marker = venv / "bench-state.json"
    installed = json.loads(marker.read_text()) if python.exists() and marker.is_file() else None
    if installed == json.loads(state):
        return python
    if not python.exists():
        log(f"creating the benchmark environment {venv} (once)...")
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if installed is not None and installed.get("pins") == pins:
        log("installing the rebuilt wheel into the benchmark environment...")
        install = [str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)]
    else:
        log("installing the wheel and its dependencies into the benchmark environment...")
        install = [str(python), "-m", "pip", "install", "-q", "--force-reinstall", str(wheel), *pins]
    done = subprocess.run(install, capture_output=True, text=True, check=False)
    if done.returncode != 0 and "--no-deps" not in install:
        # The pinned versions may not be available: take whatever the index offers.
        install = [str(python), "-m", "pip", "install", "-q", "--force-reinstall", str(wheel)]
        done = subprocess.run(install, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"cannot install the wheel into {venv}:\n{done.stdout}\n{done.stderr}"
        raise SystemExit(msg)
    marker.write_text(state)
    return python


def run_python(python: Path, code: str, *args: str) -> dict[str, Any]:
    """Run ``code`` in a fresh isolated interpreter; it prints one JSON object as its last line."""
    before = children_cpu()
    start = time.perf_counter()
    done = subprocess.run([str(python), "-I", "-c", code, *args], capture_output=True, text=True, check=False)
    if before is not None:
        SUBPROCESSES.add(time.perf_counter() - start, (children_cpu() or 0.0) - before)
    if done.returncode != 0:
        msg = f"benchmark subprocess failed:\n{code}\n{done.stderr}"
        raise RuntimeError(msg)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def process_medians(
    python: Path,
    ours: str,
    reference: str,
    runs: int,
    *args: str,
) -> tuple[float, float, dict[str, Any], dict[str, Any]]:
    """Median ``seconds`` reported by fresh processes of each side, run alternately."""
    a: list[float] = []
    b: list[float] = []
    last_a: dict[str, Any] = {}
    last_b: dict[str, Any] = {}
    run_python(python, ours, *args)  # warm the OS file cache for both sides before measuring
    run_python(python, reference, *args)
    for _ in range(runs):
        last_a = run_python(python, ours, *args)
        last_b = run_python(python, reference, *args)
        a.append(last_a["seconds"])
        b.append(last_b["seconds"])
    return statistics.median(a), statistics.median(b), last_a, last_b


# --------------------------------------------------------------------------------------------
# Goal 1: import time

IMPORT_OURS = """
import json, sys, time
start = time.perf_counter()
import distress_tolerance
seconds = time.perf_counter() - start
heavy = sorted({m.partition(".")[0] for m in sys.modules} & {"jinja2", "babel", "pydantic", "yaml"})
print(json.dumps({"seconds": seconds, "loaded": heavy}))
"""

IMPORT_REFERENCE = """
import json, time
start = time.perf_counter()
import jinja2, pydantic, babel
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def goal_import(python: Path) -> Result:
    ours, ref, last, _ = process_medians(python, IMPORT_OURS, IMPORT_REFERENCE, PROCESS_RUNS)
    result = Result(
        1,
        "import distress_tolerance / import jinja2+pydantic+babel",
        ours / ref,
        0.75,
        ours,
        ref,
    )
    eager = [name for name in last["loaded"] if name in {"jinja2", "babel"}]
    if eager:
        result.problems.append(f"importing the package loads {', '.join(eager)} (must be lazy)")
    if last["loaded"]:
        result.notes.append(f"modules loaded by the import: {', '.join(last['loaded'])}")
    return result


# --------------------------------------------------------------------------------------------
# Goal 2: cold process, load + render one technique in es

COLD_OURS = """
import json, sys, time
start = time.perf_counter()
import distress_tolerance as dt
library = dt.load()
html = dt.Renderer(library).render(TECHNIQUE, format="html", locale="es")
seconds = time.perf_counter() - start
heavy = sorted({m.partition(".")[0] for m in sys.modules} & {"jinja2", "babel", "pydantic", "yaml"})
print(json.dumps({"seconds": seconds, "html": html, "loaded": heavy}))
""".replace("TECHNIQUE", repr(TECHNIQUE))

# The reference does what a minimal application would: the same dependencies, the same JSON data,
# the same compiled catalog (stdlib gettext), Babel for durations, and a small hand-written template
# (bench_reference.TEMPLATE, the independent reference of goals 10-12) rendered by plain Jinja. It
# uses nothing of ours but the data files, so a change to our templates or their context cannot
# break it; bench.py checks that it shows the same words as ours.
COLD_REFERENCE = """
import json, sys, time
start = time.perf_counter()
import gettext
import jinja2, pydantic, babel
package, locale = sys.argv[1], "es"
with open(package + "/_pack/bundle.json", "rb") as f:
    bundle = json.loads(f.read())
folder = package + "/_pack/locales/es/LC_MESSAGES/distress_tolerance"
with open(folder + ".mo", "rb") as f:
    tr = gettext.GNUTranslations(f)
with open(folder + ".reviewed.json", "rb") as f:
    reviewed = set(json.loads(f.read()))

def duration(seconds):
    # as the library words it: Babel, seconds under two minutes
    from datetime import timedelta
    from babel.dates import format_timedelta
    return format_timedelta(timedelta(seconds=seconds), threshold=2 if seconds < 120 else 0.85, locale=locale)

source = next(t for t in bundle["techniques"] if t["id"] == TECHNIQUE)
bank = {r["id"]: r for r in bundle["reframes"]}
tid = source["id"]
def text(context, msgid):
    return None if msgid is None else tr.pgettext(context, msgid)
_ = tr.gettext
about = _("About %(duration)s")
senses = {k: _(k.capitalize()) for k in ("sight", "hearing", "smell", "taste", "touch")}
# Safety text (crisis wording, cautions) translated but not reviewed: the page says so.
caution_keys = {f"{tid}.cautions.{c['id']}.{k}\\x04{c[k]}" for c in source["cautions"]
                for k in ("text", "stop_signal") if c[k] is not None}
unreviewed = any(isinstance(k, str) and (k.startswith("crisis\\x04") or k in caution_keys)
                 and k not in reviewed for k in tr._catalog)
notices = []
if source["review"]["status"] != "reviewed":
    notices.append(_("Draft: not yet reviewed by a clinician."))
if unreviewed:
    notices.append(_("Some safety information is a translation that has not been reviewed yet."))
crisis = lambda msgid: tr.pgettext("crisis", msgid)
data = {
    "id": tid, "lang": "es", "dir": "ltr",
    "title": text(tid + ".title", source["title"]), "summary": text(tid + ".summary", source["summary"]),
    "notices": notices, "why": text(tid + ".why", source["why"]),
    "labels": {"why": _("Why it helps"), "cautions": _("Before you start"), "stop_if": _("Stop if:"),
               "steps": _("Steps"), "reframes": _("Kinder ways to talk to yourself"),
               "instead": _("Instead of:"), "try": _("Try:"), "sources": _("Sources")},
    "cautions": [
        {"kind": c["kind"], "text": text(f"{tid}.cautions.{c['id']}.text", c["text"]),
         "stop_signal": text(f"{tid}.cautions.{c['id']}.stop_signal", c["stop_signal"])}
        for c in source["cautions"]],
    "steps": [
        {"text": text(f"{tid}.steps.{s['id']}.text", s["text"]),
         "duration": about % {"duration": duration(s["seconds"])} if s["seconds"] else None,
         "senses": [{"label": senses.get(p["sense"]) or _("Body"),
                     "prompt": text(f"{tid}.steps.{s['id']}.senses.{p['sense']}.prompt", p["prompt"])}
                    for p in s["senses"]]}
        for s in source["steps"]],
    "reframes": [{"harsh": text(f"reframes.{r}.harsh", bank[r]["harsh"]),
                  "kinder": text(f"reframes.{r}.kinder", bank[r]["kinder"])} for r in source["reframes"]],
    "compassion_prompt": text(tid + ".compassion_prompt", source["compassion_prompt"]),
    # Without a region, the crisis route is its title, the danger sentence and two instructions.
    "route": {
        "title": crisis("If you need help now"),
        "danger": crisis("If you are in danger or might act on thoughts of harming yourself, contact "
                         "emergency services or a crisis line now. "
                         "You do not have to go through this alone."),
        "emergency_intro": None, "emergency": [], "services": [], "language_note": None,
        "expect_title": None, "expect": [],
        "no_region": [crisis("Call your local emergency number, or go to the nearest emergency department."),
                      crisis("Choose your region to see crisis lines you can call or text.")],
    },
    "sources": [s["citation"] for s in source["sources"]],
    "credit": _("DBT-informed self-help content from the distress_tolerance project, licensed "
                "%(license)s. It does not replace care from a professional.")
              % {"license": source["license"]},
}
html = jinja2.Environment(autoescape=True).from_string(TEMPLATE_SOURCE).render(data)
print(json.dumps({"seconds": time.perf_counter() - start, "html": html}))
""".replace("TECHNIQUE", repr(TECHNIQUE)).replace("TEMPLATE_SOURCE", repr(TEMPLATE))


# For information: the share of goal 2's reference that the content models alone take (the same
# libraries imported, then the pydantic model classes hosts receive from `Library`, defined and
# their validators built). No design that keeps those models on the cold path can go below it.
COLD_MODELS_FLOOR = """
import json, time
start = time.perf_counter()
import jinja2, pydantic, babel
import distress_tolerance.models, distress_tolerance.localized
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

# For information: the floor of any design with pydantic models on the cold path, ours or not: the
# same libraries, then ``from pydantic import BaseModel`` (the reference's ``import pydantic`` loads
# only its lazy shell), and nothing of this package. Add the reference's own work (its JSON, catalog
# and template) to it, and a design that renders with pydantic models cannot be faster than that.
COLD_PYDANTIC_FLOOR = """
import json, time
start = time.perf_counter()
import jinja2, pydantic, babel
from pydantic import BaseModel
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

# The reference's imports alone, to tell its work from its imports.
COLD_LIBRARIES = """
import json, time
start = time.perf_counter()
import gettext
import jinja2, pydantic, babel
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def squash(html: str) -> str:
    """HTML without the whitespace that trim_blocks/lstrip_blocks remove, to compare renderings."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def goal_cold(python: Path) -> Result:
    package = run_python(
        python,
        "import json, importlib.util; "
        "print(json.dumps(importlib.util.find_spec('distress_tolerance').submodule_search_locations))",
    )
    ours, ref, last_ours, last_ref = process_medians(
        python, COLD_OURS, COLD_REFERENCE, PROCESS_RUNS, package[0]
    )
    result = Result(
        2,
        "cold process: import+load+render es / deps+.mo+Jinja",
        ours / ref,
        1.10,
        ours,
        ref,
    )
    ours_words, reference_words = visible_words(last_ours["html"]), visible_words(last_ref["html"])
    if ours_words != reference_words:
        difference = first_difference(ours_words, reference_words)
        result.problems.append(f"the reference process does not show what ours shows: {difference}")
    if 'lang="es"' not in last_ours["html"].partition(">")[0]:
        result.problems.append("the cold rendering is not in Spanish")
    result.notes.append(f"cold process loads: {', '.join(last_ours['loaded'])}")
    floor, reference, _, _ = process_medians(python, COLD_MODELS_FLOOR, COLD_REFERENCE, 5, package[0])
    result.notes.append(
        f"importing the libraries and defining our pydantic models alone: {floor * 1e3:.1f} ms, "
        f"{floor / reference:.2f} of the reference (information: the floor while they are on this path)"
    )
    pydantic_floor, libraries, _, _ = process_medians(python, COLD_PYDANTIC_FLOOR, COLD_LIBRARIES, 5)
    work = max(reference - libraries, 0.0)
    result.notes.append(
        f"the libraries plus `from pydantic import BaseModel`, then the reference's own work "
        f"({work * 1e3:.1f} ms): {(pydantic_floor + work) / reference:.2f} of the reference "
        "(information: the floor of any design that renders with pydantic models)"
    )
    return result


# --------------------------------------------------------------------------------------------
# Goal 13: the `show` command as a whole process, in CPU time


def console_script(python: Path, name: str) -> Path:
    """The console script ``name`` of the environment whose interpreter is ``python``."""
    return python.parent / (f"{name}.exe" if os.name == "nt" else name)


def run_cpu(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run ``command`` to its end; its CPU seconds (user + system, from this process's
    ``RUSAGE_CHILDREN``: the child and anything it waited for), its wall seconds, and the result."""
    before = children_cpu()
    if before is None:
        msg = "CPU time of a child process needs the resource module (not on this platform)"
        raise RuntimeError(msg)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    cpu = (children_cpu() or 0.0) - before
    SUBPROCESSES.add(wall, cpu)
    return cpu, wall, done


def goal_show(python: Path, runs: int = PROCESS_RUNS) -> Result:
    """``distress-tolerance show contrary-action --locale es --region US``, start to exit, against
    the reference process of goal 2 (start to exit too): CPU time, median of ``runs`` each,
    alternated, after one warm-up run of each."""
    import gettext

    package = run_python(
        python,
        "import json, importlib.util; "
        "print(json.dumps(importlib.util.find_spec('distress_tolerance').submodule_search_locations))",
    )[0]
    ours_command = [str(console_script(python, "distress-tolerance")), "show", TECHNIQUE]
    ours_command += ["--locale", "es", "--region", REGION]
    reference_command = [str(python), "-I", "-c", COLD_REFERENCE, package]
    cpu: dict[str, list[float]] = {"ours": [], "reference": []}
    wall: dict[str, list[float]] = {"ours": [], "reference": []}
    last: dict[str, subprocess.CompletedProcess[str]] = {}
    for index in range(runs + 1):
        for side, command in (("ours", ours_command), ("reference", reference_command)):
            seconds, elapsed, done = run_cpu(command)
            if done.returncode != 0:
                msg = f"{' '.join(command[:3])} failed ({done.returncode}):\n{done.stderr[-2000:]}"
                raise RuntimeError(msg)
            last[side] = done
            if index:  # the first run of each side only warms the OS file cache
                cpu[side].append(seconds)
                wall[side].append(elapsed)
    ours, ref = statistics.median(cpu["ours"]), statistics.median(cpu["reference"])
    result = Result(
        13,
        "`distress-tolerance show` es US process / goal 2's reference process (CPU)",
        ours / ref,
        1.3,
        ours,
        ref,
    )
    with open(f"{package}/_pack/locales/es/LC_MESSAGES/distress_tolerance.mo", "rb") as f:
        heading = gettext.GNUTranslations(f).gettext(HEADING)
    shown = last["ours"].stdout
    if heading == HEADING or heading not in shown:
        result.problems.append(f"the show output has no Spanish {HEADING!r} heading ({heading!r})")
    if "988" not in shown:
        result.problems.append(f"the show output has no crisis line for {REGION}")
    result.notes.append(
        "whole processes, interpreter start-up included; wall-clock medians "
        f"{statistics.median(wall['ours']) * 1e3:.0f} ms / "
        f"{statistics.median(wall['reference']) * 1e3:.0f} ms"
    )
    return result


# --------------------------------------------------------------------------------------------
# Goal 8: memory kept after loading

MEMORY_OURS = """
import gc, json, tracemalloc
import distress_tolerance as dt
import distress_tolerance.library, distress_tolerance.models  # code is not data: import first
gc.collect()
tracemalloc.start()
library = dt.load()
gc.collect()
kept, peak = tracemalloc.get_traced_memory()
assert library._packs[0][0].bundle is not None, "the wheel's pack has no bundle"
print(json.dumps({"kept": kept, "peak": peak}))
"""

MEMORY_REFERENCE = """
import gc, json, tracemalloc
from importlib.util import find_spec
path = find_spec("distress_tolerance").submodule_search_locations[0] + "/_pack/bundle.json"
with open(path, "rb") as f:
    data = f.read()
gc.collect()
tracemalloc.start()
content = json.loads(data)
gc.collect()
kept, peak = tracemalloc.get_traced_memory()
print(json.dumps({"kept": kept, "peak": peak}))
"""


def goal_memory(python: Path) -> Result:
    ours = statistics.median(run_python(python, MEMORY_OURS)["kept"] for _ in range(3))
    ref = statistics.median(run_python(python, MEMORY_REFERENCE)["kept"] for _ in range(3))
    return Result(
        8,
        "memory kept after load() / json.loads of the bundle",
        ours / ref,
        2.5,
        ours,
        ref,
        unit="B",
    )


# --------------------------------------------------------------------------------------------
# In-process goals (3 to 7), on a pack compiled from this checkout


class InProcess:
    def __init__(self, work: Path) -> None:
        import jinja2

        import distress_tolerance as dt
        import distress_tolerance.render
        from distress_tolerance._content.pack import BUNDLE_NAME, Pack
        from distress_tolerance._tools.build import compile_pack
        from distress_tolerance.library import Library

        self.dt = dt
        self.Library = Library
        self.compiled = work / "pack"
        compile_pack(ROOT, self.compiled)
        self.pack = Pack(self.compiled, "distress_tolerance", self.compiled / BUNDLE_NAME)
        self.bundle = self.pack.bundle.read_bytes() if self.pack.bundle else b""
        self.library = self.load()
        self.uncached = dt.Renderer(self.library, cache_size=0)
        self.cached = dt.Renderer(self.library)
        templates = Path(distress_tolerance.render.__file__).parent / "templates"
        self.plain = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True)
        self.plain.filters.update(distress_tolerance.render.TEMPLATE_FILTERS)
        self.en_render_seconds: float | None = None

    def load(self) -> Any:
        return self.Library(((self.pack, self.pack.read()),))

    def render(self, locale: str, technique: str = TECHNIQUE) -> str:
        return str(self.uncached.render(technique, format="html", locale=locale))

    # Goal 3
    def goal_load(self) -> Result:
        from distress_tolerance.models import PackContent

        data = self.bundle
        clear = self.dt.clear_caches
        ours, ref = interleaved(
            lambda: time_rounds(self.load, rounds=5, loops=1, setup=clear),
            lambda: time_rounds(
                lambda: PackContent.model_validate_json(data), rounds=5, loops=1, setup=clear
            ),
            times=8,
        )
        return Result(
            3,
            "load pack from bundle / PackContent.model_validate_json",
            ours / ref,
            1.5,
            ours,
            ref,
        )

    # Goal 4
    def goal_uncached(self) -> Result:
        for locale in THREAD_LOCALES:  # warm-up: templates compiled, localized views cached
            self.render(locale)
        context = self.uncached.context("en")
        context["t"] = self.library.localize(TECHNIQUE, "en")
        template = self.plain.get_template("html/technique.html")
        template.render(context)
        ours, ref = interleaved(
            lambda: time_rounds(lambda: self.render("en"), rounds=3, loops=40),
            lambda: time_rounds(lambda: template.render(context), rounds=3, loops=40),
            times=6,
        )
        self.en_render_seconds = ours
        result = Result(
            4,
            "uncached HTML render (en) / plain Jinja, same template+data",
            ours / ref,
            1.15,
            ours,
            ref,
        )
        if squash(self.render("en")) != squash(template.render(context)):
            result.notes.append("warning: plain Jinja's HTML differs from ours beyond whitespace")
        return result

    # Goals 10 to 12
    def goal_independent(self, number: int, locale: str) -> Result:
        """Our uncached HTML render of TECHNIQUE with the crisis route of REGION against a minimal
        hand-written Jinja template (and, for information, f-strings) given the same page as
        plain values prepared beforehand (see bench_reference.py). The reference must show the
        same words as ours, or the goal fails."""
        import jinja2
        from bench_reference import fstring, prepare

        renderer = self.uncached
        data = prepare(renderer, TECHNIQUE, locale, REGION, self.compiled / "locales")
        template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)

        def ours() -> str:
            return str(renderer.render(TECHNIQUE, format="html", locale=locale, region=REGION))

        words = visible_words(ours())
        problems = []
        for name, page in (("Jinja", template.render(data)), ("f-string", fstring(data))):
            theirs = visible_words(page)
            if theirs != words:
                problems.append(
                    f"the {name} reference does not show what ours shows: {first_difference(words, theirs)}"
                )
        seconds, jinja_seconds, fstring_seconds = interleaved_many(
            [
                lambda: time_rounds(ours, rounds=3, loops=40),
                lambda: time_rounds(lambda: template.render(data), rounds=3, loops=40),
                lambda: time_rounds(lambda: fstring(data), rounds=3, loops=40),
            ],
            times=6,
        )
        result = Result(
            number,
            f"uncached HTML render ({locale}, {REGION}) / minimal hand-written Jinja",
            seconds / jinja_seconds,
            2.5,
            seconds,
            jinja_seconds,
            problems=problems,
        )
        result.notes.append(
            f"ours / f-string reference ({fmt_value(fstring_seconds, 's')}): "
            f"{seconds / fstring_seconds:.1f} (information); same {len(words)} visible words"
        )
        return result

    # Goal 5
    def goal_cached(self) -> Result:
        render = self.cached.render
        render(TECHNIQUE, format="html", locale="en")
        cached = min(
            time_rounds(lambda: render(TECHNIQUE, format="html", locale="en"), rounds=15, loops=2000)
        )
        uncached = self.en_render_seconds
        if uncached is None:
            uncached = min(time_rounds(lambda: self.render("en"), rounds=15, loops=40))
        return Result(
            5,
            "repeated render, cache on / uncached render (4)",
            cached / uncached,
            0.10,
            cached,
            uncached,
        )

    # Goal 6
    def goal_localized(self) -> Result:
        self.render("es")
        self.render("en")
        es, en = interleaved(
            lambda: time_rounds(lambda: self.render("es"), rounds=3, loops=40),
            lambda: time_rounds(lambda: self.render("en"), rounds=3, loops=40),
            times=6,
        )
        return Result(6, "uncached render es / en", es / en, 1.5, es, en)

    # Goal 7
    def goal_threads(self, seconds: float = 2.0, rounds: int = 8) -> Result:
        techniques = [t.id for t in self.library.techniques()][:6]
        work = [(t, loc) for t in techniques for loc in THREAD_LOCALES]
        expected, problems = self.expected_languages()
        for technique, locale in work:  # warm-up
            self.render(locale, technique)
        # Alternate 1 and 8 threads in short rounds; keep each side's best round, so that
        # another process briefly taking a core does not decide the outcome.
        runs: dict[int, list[ThreadRun]] = {1: [], 8: []}
        for _ in range(rounds):
            for threads in (1, 8):
                runs[threads].append(run_threads(self.render, work, expected, threads, seconds / rounds))
        best = {n: max(r.throughput for r in rs) for n, rs in runs.items()}
        every = runs[1] + runs[8]
        renders = sum(r.renders for r in every)
        errors = [e for r in every for e in r.errors]
        wrong = [w for r in every for w in r.wrong]
        result = Result(
            7,
            "8-thread throughput / 1 thread (6 locales, uncached)",
            best[8] / best[1],
            0.85,
            best[8],
            best[1],
            unit="renders/s",
            problems=[*problems, *errors[:3], *wrong[:3]],
            at_least=True,
        )
        result.notes.append(
            f"{renders} renders checked: {len(errors)} errors, {len(wrong)} wrong-language outputs"
        )
        if voluntary_switches() >= 0:
            # Under 8 threads a voluntary switch is mostly a GIL hand-off, forced by a blocking
            # call (a stat(), a contended lock) in the render path: a diagnostic that does not
            # depend on the machine's load.
            per = {
                n: sum(r.switches for r in rs) / max(1, sum(r.renders for r in rs)) for n, rs in runs.items()
            }
            result.notes.append(
                f"voluntary context switches per render: {per[1]:.2f} with 1 thread, "
                f"{per[8]:.2f} with 8 threads"
            )
        return result

    def expected_languages(self) -> tuple[dict[str, tuple[str, str]], list[str]]:
        """Per locale: the root's ``lang`` and a translated heading, read with the stdlib's gettext."""
        import gettext

        from distress_tolerance._i18n.locale import language_tag

        expected: dict[str, tuple[str, str]] = {}
        problems: list[str] = []
        for locale in THREAD_LOCALES:
            heading = HEADING
            mo = self.compiled / "locales" / locale / "LC_MESSAGES" / "distress_tolerance.mo"
            if mo.is_file():
                with mo.open("rb") as f:
                    heading = gettext.GNUTranslations(f).gettext(HEADING)
                if heading == HEADING:
                    problems.append(f"{locale}: {HEADING!r} is not translated; the language check is void")
            expected[locale] = (language_tag(locale), f">{heading}</h")
        return expected, problems


@dataclass
class ThreadRun:
    renders: int
    seconds: float
    switches: int
    errors: list[str]
    wrong: list[str]

    @property
    def throughput(self) -> float:
        return self.renders / self.seconds


ROOT_LANG = re.compile(r'<article class="dt-technique"[^>]* lang="([^"]+)"')


def run_threads(
    render: Callable[[str, str], str],
    work: list[tuple[str, str]],
    expected: dict[str, tuple[str, str]],
    threads: int,
    duration: float,
) -> ThreadRun:
    """``threads`` threads render ``work`` round-robin for ``duration`` seconds, checking each output."""
    counts = [0] * threads
    errors: list[str] = []
    wrong: list[str] = []
    barrier = threading.Barrier(threads + 1)
    stop = [0.0]

    def worker(index: int) -> None:
        position = index * 5  # threads start at different places of the mix
        done = 0
        barrier.wait()
        while time.perf_counter() < stop[0]:
            technique, locale = work[position % len(work)]
            position += 1
            try:
                html = render(locale, technique)
            except Exception as exc:
                errors.append(f"{technique}/{locale}: {exc!r}")
            else:
                lang, heading = expected[locale]
                found = ROOT_LANG.search(html)
                if found is None or found.group(1) != lang or heading not in html:
                    wrong.append(f"{technique}/{locale}: wrong language (lang={found and found.group(1)})")
            done += 1
        counts[index] = done

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    switches = voluntary_switches()
    stop[0] = time.perf_counter() + duration
    start = time.perf_counter()
    barrier.wait()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    return ThreadRun(sum(counts), elapsed, voluntary_switches() - switches, errors, wrong)


# --------------------------------------------------------------------------------------------
# Goal 9: memory growth over many distinct unknown locales (a locale taken from a request)

LOCALE_COUNT = 10_000
MEMORY_BUDGET = 1024 * 1024
"""Goal 9 compares with a fixed budget: memory must not grow with the number of locales asked for."""


def unknown_locales(count: int, first: str = "q") -> list[str]:
    """Distinct well-formed locales that no catalog and no CLDR has: a private-use language
    (``qaa``-``qtz``) and a two-letter region, shuffled reproducibly."""
    import itertools
    import random
    import string

    letters = string.ascii_lowercase
    languages = [f"{first}{a}{b}" for a, b in itertools.product(letters[:20], letters)]
    regions = [f"{a}{b}" for a, b in itertools.product(string.ascii_uppercase, repeat=2)]
    locales = [f"{lang}_{region}" for lang, region in itertools.product(languages, regions)]
    random.Random(9).shuffle(locales)  # noqa: S311 (a reproducible order, not a secret)
    return locales[:count]


def goal_locale_memory(bench: InProcess, count: int = LOCALE_COUNT) -> Result:
    """Render one technique as HTML in ``count`` distinct unknown locales with a default
    ``Renderer`` (its output cache on, as a host runs it); measure with tracemalloc the memory still
    allocated afterwards, beyond the one-time costs of a first unknown locale and of each region."""
    import tracemalloc
    import warnings

    renderer = bench.dt.Renderer(bench.load())
    locales = unknown_locales(count)
    problems: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", bench.dt.LocaleFallbackWarning)
        # One-time costs, not growth: templates compiled, CLDR's list read, the fallback warned
        # about once, each region's crisis services (time zones, CLDR data) shown once, and one
        # rendering per ISO region in the (bounded) output cache: a rendering depends on the
        # region and on the catalogs found, never on the locale string, so what is measured next
        # is what 10,000 more locale strings add once every region has been seen.
        from distress_tolerance._i18n.locale import ISO_REGIONS

        warm = ["en", "es", "xx_AA", *(f"xx_{region}" for region in sorted(ISO_REGIONS))]
        for locale in warm:
            renderer.render(TECHNIQUE, format="html", locale=locale)
        gc.collect()
        tracemalloc.start()
        # The interpreter's table of interned strings was allocated before tracing began; when it
        # is next resized the new table would count as growth and the old one not as freed. Resize
        # it now, under tracing, by interning (and keeping) many fresh strings.
        pinned = [sys.intern(f"distress-tolerance-bench-{i}") for i in range(100_000)]
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        for locale in locales:
            page = renderer.render(TECHNIQUE, format="html", locale=locale)
            if 'lang="' not in page:
                problems.append(f"{locale}: no lang attribute in the rendering")
        elapsed = time.perf_counter() - started
        gc.collect()
        after, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del pinned
    growth = max(after - before, 0)
    result = Result(
        9,
        f"memory growth over {count:,} unknown locales / 1 MiB budget",
        growth / MEMORY_BUDGET,
        1.0,
        float(growth),
        float(MEMORY_BUDGET),
        unit="B",
        problems=problems[:5],
    )
    result.notes.append(
        f"peak while rendering {peak - before:,} B above the start; {count:,} renders in {elapsed:.1f} s"
        " under tracemalloc"
    )
    return result


# --------------------------------------------------------------------------------------------


def print_table(results: list[Result]) -> None:
    headers = ("#", "goal (ours / reference)", "ratio", "limit", "ours", "reference", "result")
    rows = [
        (
            str(r.number),
            r.goal,
            "n/a" if r.ratio is None else f"{r.ratio:.3f}",
            f"{'>=' if r.at_least else '<='} {r.limit:.3g}",
            fmt_value(r.ours, r.unit),
            fmt_value(r.reference, r.unit),
            "PASS" if r.passed else "FAIL",
        )
        for r in results
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(line)
    for r in results:
        for note in r.notes:
            print(f"  [{r.number}] {note}")
        for problem in r.problems:
            print(f"  [{r.number}] FAIL: {problem}")
    for label, tracker in (("in-process timing", IN_PROCESS), ("fresh processes", SUBPROCESSES)):
        share = tracker.share
        if share is not None:
            warning = (
                ""
                if share >= QUIET
                else "  WARNING: other load competed for the CPU; rerun on a quiet machine"
            )
            print(f"CPU share of {label}: {share:.0%}{warning}")
    failed = [str(r.number) for r in results if not r.passed]
    print(
        f"{len(results) - len(failed)}/{len(results)} goals pass"
        + (f"; failing: {', '.join(failed)}" if failed else "")
    )


GOALS = {
    1: "import time (fresh processes)",
    2: "cold process: import, load, render es (fresh processes)",
    3: "loading the pack from its bundle",
    4: "uncached HTML render vs plain Jinja",
    5: "cached render vs uncached render",
    6: "localized (es) vs English render",
    7: "8 threads vs 1 thread, mixed locales",
    8: "memory kept after loading (fresh processes)",
    9: "memory growth over 10,000 distinct unknown locales",
    10: "uncached HTML render (en) vs an independent minimal template",
    11: "uncached HTML render (es) vs an independent minimal template",
    12: "uncached HTML render (ar) vs an independent minimal template",
    13: "`distress-tolerance show` process vs the bare-libraries process (CPU time)",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit with status 1 when any goal fails")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument(
        "--locales",
        type=int,
        default=LOCALE_COUNT,
        help="distinct unknown locales for goal 9 (default 10000)",
    )
    parser.add_argument("--only-locale-memory", action="store_true", help="run goal 9 alone (no wheel build)")
    parser.add_argument(
        "--skip-locale-memory", action="store_true", help="leave goal 9 out (it takes ~1-2 min)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results: list[Result] = []

    def measure(number: int, goal: Callable[[], Result]) -> None:
        log(f"goal {number}: {GOALS[number]}...")
        try:
            results.append(goal())
        except Exception as exc:  # a broken measurement is a failed goal, not a crashed run
            results.append(
                Result(number, GOALS[number], None, 0.0, problems=[f"benchmark error: {exc!r}"[:2000]])
            )

    with tempfile.TemporaryDirectory(prefix="distress-tolerance-bench-") as tmp:
        work = Path(tmp)
        if args.only_locale_memory:
            measure(9, lambda: goal_locale_memory(InProcess(work), args.locales))
            return _report(results, args, started)
        log("building the wheel and its environment...")
        python = wheel_environment(work)
        measure(1, lambda: goal_import(python))
        measure(2, lambda: goal_cold(python))
        bench = InProcess(work)
        measure(3, bench.goal_load)
        measure(4, bench.goal_uncached)
        measure(5, bench.goal_cached)
        measure(6, bench.goal_localized)
        measure(7, bench.goal_threads)
        for number, locale in INDEPENDENT_LOCALES:
            measure(number, lambda n=number, loc=locale: bench.goal_independent(n, loc))
        measure(8, lambda: goal_memory(python))
        measure(13, lambda: goal_show(python))
        if not args.skip_locale_memory:
            measure(9, lambda: goal_locale_memory(bench, args.locales))
    return _report(results, args, started)


def _report(results: list[Result], args: argparse.Namespace, started: float) -> int:
    results.sort(key=lambda r: r.number)
    log(f"done in {time.perf_counter() - started:.1f} s")
    if args.json:
        payload = {
            "python": sys.version.split()[0],
            "cpu_share": {"in_process": IN_PROCESS.share, "subprocesses": SUBPROCESSES.share},
            "passed": all(r.passed for r in results),
            "goals": [{**asdict(r), "passed": r.passed} for r in results],
        }
        print(json.dumps(payload, indent=2))
    else:
        print_table(results)
    return 1 if args.check and not all(r.passed for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
