"""Endurance example: lock/unlock cycles in a Python loop, with the unlock
time measured each cycle and its spread asserted (the YAML `repeat` of the
scenario format, written as code)."""

import statistics

import pytest

MASTER, USER = "13579", "5791"
CYCLES = 50


@pytest.mark.lockrig(seed=7)
def test_fifty_lock_unlock_cycles_keep_unlock_time_p95_under_1_5s(rig):
    rig.call("ready", master=MASTER, user=USER)  # a YAML macro: reset, master, user
    unlock_times = []
    for cycle in range(CYCLES):
        rig.press("lock")
        rig.expect(beeps=1, bolt="extended", within="2s")
        rig.expect(led="off", within="2s")
        rig.enter(USER)
        unlock = rig.measure("unlock", bolt="retracted", within="2s", max="1.5s")
        unlock_times.append(unlock.seconds)
        rig.expect(led="off", within="2s")
    assert len(unlock_times) == CYCLES
    p95 = statistics.quantiles(unlock_times, n=20)[18]
    assert p95 <= 1.5, f"unlock p95 {p95:.3f} s over {CYCLES} cycles"
    assert len(rig.measurements) == CYCLES
