"""lockrig: hardware-in-the-loop test rig for a keypad smart deadbolt.

run_scenario(path, seed=1, profile=None, out_dir=None) runs a YAML scenario on
the simulated bench and returns a ScenarioResult (verdict, message, seed,
measurements).
"""

from ._lockrig import Measurement, ScenarioResult, run_scenario

__all__ = ["Measurement", "ScenarioResult", "run_scenario"]
