"""Reset-timing example in Python: the Program hold that factory-resets a
smartcode lock, found by bisection (spec: reset_hold 30.0 s +/- 50 ms,
LB-RESET-1, -2), as scenarios/reset/reset_hold_threshold_smartcode.yaml
does with a `threshold` block. The simulated bench runs ~1000x real time, so
each 30 s hold costs milliseconds."""

from datetime import timedelta

import pytest

RESOLUTION = timedelta(milliseconds=10)


def reset_happens(rig, hold):
    """One trial: Program held from power-on for `hold`; True if RESET_OK follows.
    Either way the trial ends idle, so the next starts from the same state."""
    rig.power("off")
    rig.hold("program")
    rig.wait("200ms")
    rig.power("on")
    rig.wait(hold)
    rig.release("program")
    reset = rig.expect(beep="long", within="1.4s", check=False)  # RESET_OK
    if reset:
        # The reset is followed by the automatic handing cycle: let it finish.
        rig.expect(beeps=2, led={"color": "green", "blinks": 2}, within="10s")
    rig.expect(led="off", within="3s")
    return bool(reset)


@pytest.mark.lockrig(profile="smartcode")
def test_factory_reset_hold_threshold_is_30s(rig):
    rig.call("factory_reset")
    low, high = timedelta(seconds=25), timedelta(seconds=35)
    assert not reset_happens(rig, low)
    assert reset_happens(rig, high)
    trials = 2
    while high - low > RESOLUTION:
        mid = low + (high - low) / 2
        mid -= mid % RESOLUTION  # on the resolution grid
        if mid <= low:
            mid = low + RESOLUTION
        if reset_happens(rig, mid):
            high = mid
        else:
            low = mid
        trials += 1
    threshold = high.total_seconds()
    rig.log(f"reset threshold {threshold:.3f} s after {trials} trials")
    # 30.0 s +/- 50 ms, plus one resolution step for the bisection itself.
    assert 29.94 <= threshold <= 30.06, f"threshold {threshold:.3f} s"
