"""Mixing YAML and Python: the standard macros of scenarios/lib run on the
test's own bench (call, run_steps), the checks around them in Python; and a
whole scenario file run from Python with run_scenario."""

import pathlib

import pytest

import lockrig

ROOT = pathlib.Path(__file__).resolve().parents[2]
MASTER, USER = "13579", "5791"


def test_macros_set_up_the_lock_and_python_checks_the_unlock(rig):
    rig.call("ready", master=MASTER, user=USER)
    rig.call("lock")
    rig.enter(USER)
    # The window rule sees through a macro, as in a scenario; here the edge
    # is enter()'s last key press.
    unlock = rig.measure("unlock", bolt="retracted", beeps=1, within="2s", max="1.5s")
    assert 0.2 < unlock.seconds <= 1.5
    rig.expect(led="off", within="2s")
    # A wrong code is refused: REJECT, and the bolt does not move.
    rig.call("lock")
    rig.enter("9999")
    rig.press("lock")
    rig.expect(beeps=3, led="red", within="1s")
    rig.expect_not(bolt="moving", for_="2s")


def test_yaml_steps_inline_with_variables(rig):
    rig.call("ready", master=MASTER, user=USER)
    rig.run_steps("""
      - call: lock
      - enter: ${code}
      - expect: {beeps: 1, bolt: retracted, within: 2s}
    """, code=USER)
    assert rig.expect(led="off", within="2s").passed


def test_a_failing_macro_names_its_file_line_and_the_python_line(rig):
    rig.call("ready", master=MASTER, user=USER)
    rig.call("lock")
    with pytest.raises(lockrig.ExpectationFailed) as failed:
        rig.call("unlock", code="9999")
    text = str(failed.value)
    assert "test_mixing_yaml.py:" in text and "call('unlock', code='9999')" in text
    assert "scenarios/lib/unlock.yaml:" in text
    assert "bolt stayed extended" in text
    assert "seed 1" in text


def test_a_scenario_file_and_python_checks_on_its_result(tmp_path):
    result = lockrig.run_scenario(str(ROOT / "scenarios" / "lock_button_extends_bolt.yaml"),
                                  seed=2, out_dir=str(tmp_path))
    assert result.passed, result.failure
    lock = {m.name: m for m in result.measurements}["lock"]
    assert lock.passed and lock.seconds <= 1.5
    assert result.run_dir == str(tmp_path)
    assert (tmp_path / "report.html").exists()
