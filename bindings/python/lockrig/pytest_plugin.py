"""pytest plugin for lockrig: the `rig` fixture, the `lockrig` marker and YAML
scenarios collected as tests. Fixtures and collection only; the benches, the
runner and the failure texts are the module's.

Load it with `-p lockrig.pytest_plugin`, or `pytest_plugins = ["lockrig.pytest_plugin"]`
in a conftest.py.

- `rig`: a new simulated board per test (smartcode, seed 1). The bench is
  chosen by, strongest first: `@pytest.mark.lockrig(profile=..., seed=...)`,
  indirect parametrization (`@pytest.mark.parametrize("rig", ["halo", ...],
  indirect=True)`, a profile name or a dict of profile/seed), then
  `--lockrig-seed N`. `--lockrig-rig FILE` asks for the hardware bench, which
  is not built yet: a usage error says so.
- YAML files under a folder named `scenarios` (not under `lib/`) holding a
  top-level `scenario:` key are tests: a failure shows the scenario file and
  line and the CLI's failure text; `requires` the bench lacks is a skip with
  the reason.
- Every test's results (junit.xml, events.jsonl, trace.vcd, report.html) go to
  `--lockrig-results DIR` (default .lockrig-results) / <test node id>; seed and
  profile reach `--junitxml` as properties, and every failure names the seed.
"""

import os
import pathlib
import re
import shutil

import pytest

import lockrig

_BENCH = pytest.StashKey()  # (seed, profile, results dir) of the test's bench
_CALL_REPORT = pytest.StashKey()
_SCENARIO_KEY = re.compile(r"^scenario\s*:", re.MULTILINE)


def pytest_addoption(parser):
    group = parser.getgroup("lockrig", "lockrig benches and scenarios")
    group.addoption("--lockrig-seed", type=int, default=None, metavar="N",
                    help="seed of the simulated bench for tests that do not set one (default 1)")
    group.addoption("--lockrig-rig", default=None, metavar="FILE",
                    help="run on the hardware bench described by FILE instead of the "
                         "simulated bench")
    group.addoption("--lockrig-results", default=".lockrig-results", metavar="DIR",
                    help="folder for each test's result files (default .lockrig-results)")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "lockrig(profile='smartcode', seed=1): the bench the rig fixture makes")
    rig_file = config.getoption("lockrig_rig")
    if rig_file:
        # Fail before collecting anything if the rig cannot be brought up.
        try:
            lockrig.HardwareBench(rig_file).close()
        except (lockrig.BenchUnavailable, ValueError) as e:
            raise pytest.UsageError(f"--lockrig-rig {rig_file}: {e}") from None


def _results_dir(item):
    """A fresh folder for this test's results, named after its node id."""
    root = pathlib.Path(item.config.invocation_params.dir,
                        item.config.getoption("lockrig_results"))
    if not root.exists():
        root.mkdir(parents=True)
        (root / ".gitignore").write_text("*\n")  # results are never source
    name = re.sub(r"[^\w.\-\[\]/]", "_", item.nodeid.replace("::", "/"))
    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _remember(item, seed, profile, folder):
    item.stash[_BENCH] = (seed, profile, folder)
    item.user_properties += [("lockrig_seed", seed), ("lockrig_profile", profile),
                             ("lockrig_results", str(folder))]


@pytest.fixture
def rig(request):
    """A new simulated lock board (lockrig.SimBench) for this test, or the hardware
    bench of --lockrig-rig, closed afterwards: every relay safe, result files written
    to the test's results folder."""
    wanted = {"profile": "smartcode", "seed": request.config.getoption("lockrig_seed") or 1}
    param = getattr(request, "param", None)
    wanted.update({"profile": param} if isinstance(param, str) else (param or {}))
    marker = request.node.get_closest_marker("lockrig")
    if marker:
        wanted.update(marker.kwargs)
    folder = _results_dir(request.node)
    _remember(request.node, wanted["seed"], wanted["profile"], folder)
    rig_file = request.config.getoption("lockrig_rig")
    if rig_file:
        bench = lockrig.HardwareBench(rig_file, wanted["profile"], out_dir=str(folder))
    else:
        bench = lockrig.SimBench(wanted["profile"], wanted["seed"], out_dir=str(folder),
                                 name=request.node.nodeid)
    yield bench
    report = request.node.stash.get(_CALL_REPORT, None)
    if report is None or report.passed:
        bench.close()
    else:
        crash = getattr(report.longrepr, "reprcrash", None)
        bench.close("skipped" if report.skipped else "failed",
                    crash.message if crash else str(report.longrepr))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    bench = item.stash.get(_BENCH, None)
    if bench and report.failed:
        seed, profile, folder = bench
        report.sections.append(
            ("lockrig", f"seed {seed}, profile {profile}; results in {folder}\n"
                        f"replay: --lockrig-seed {seed}"))


def pytest_collect_file(file_path, parent):
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    folders = file_path.parent.parts
    if "scenarios" not in folders or "lib" in folders[folders.index("scenarios"):]:
        return None
    if not _SCENARIO_KEY.search(file_path.read_text(errors="replace")):
        return None  # a macro or another YAML file
    return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    """A scenario file: one test."""

    def collect(self):
        yield ScenarioItem.from_parent(self, name=self.path.stem)


class ScenarioNotPassed(Exception):
    """The scenario failed or could not run; carries the lockrig.ScenarioResult."""


class ScenarioItem(pytest.Item):
    """Runs the scenario on a new simulated bench with lockrig.run_scenario."""

    def runtest(self):
        seed = self.config.getoption("lockrig_seed") or 1
        folder = _results_dir(self)
        # Relative, so that failures name the file as pytest shows it.
        result = lockrig.run_scenario(os.path.relpath(self.path), seed=seed, out_dir=str(folder))
        _remember(self, seed, result.profile, folder)
        self.user_properties += [(f"lockrig_measurement:{m.name}", f"{m.seconds:.6f}")
                                 for m in result.measurements]
        if result.verdict == "skipped":
            pytest.skip(result.message)
        if not result.passed:
            raise ScenarioNotPassed(result)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioNotPassed):
            result = excinfo.value.args[0]
            return (f"scenario {result.verdict}: {result.failure}\n"
                    f"  results in {result.run_dir}")
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"scenario {self.path.name}"
