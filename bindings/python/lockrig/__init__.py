"""lockrig: hardware-in-the-loop test rig for a keypad smart deadbolt, from Python.

The same benches, actions, expectations and scenario runner as the `lockrig`
command:

    import lockrig

    with lockrig.SimBench(profile="smartcode", seed=1) as rig:
        rig.expect(beeps=2, led={"color": "green", "blinks": 2}, within="10s")
        rig.press("lock")
        rig.measure("lock", bolt="extended", within="3s", max="1.5s")

- SimBench(profile, seed, out_dir): a new simulated board; HardwareBench(rig,
  profile, out_dir): the bench of a rig file (BenchUnavailable when its GPIO chip
  or camera cannot be opened). Both are a Bench.
- Bench actions: press, enter, hold, release, power, wait, sim, log,
  snapshot, call (a macro of scenarios/lib), run_steps (YAML steps).
- Bench expectations: expect, expect_not, measure. A miss raises
  ExpectationFailed (an AssertionError) reading like the CLI's failure text,
  with the seed.
- run_scenario(path, seed=1, profile=None, out_dir=None) runs a YAML scenario
  on a new simulated bench and returns a ScenarioResult.
- The pytest plugin is lockrig.pytest_plugin (`-p lockrig.pytest_plugin`).

Durations are "150ms"/"2s" strings or datetime.timedelta.
"""

from ._lockrig import (
    PROFILES,
    Bench,
    BenchUnavailable,
    EnduranceStats,
    ExpectationFailed,
    ExpectationResult,
    HardwareBench,
    Measurement,
    MeasurementStats,
    ScenarioResult,
    SimBench,
    run_scenario,
)

__all__ = [
    "PROFILES",
    "Bench",
    "BenchUnavailable",
    "EnduranceStats",
    "ExpectationFailed",
    "ExpectationResult",
    "HardwareBench",
    "Measurement",
    "MeasurementStats",
    "ScenarioResult",
    "SimBench",
    "run_scenario",
]
