"""The Python module runs scenario files on the simulated bench."""

import os
import pathlib

import lockrig

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_a_passing_scenario_passes_and_reports_its_seed(tmp_path):
    result = lockrig.run_scenario(str(ROOT / "scenarios" / "add_code_and_unlock.yaml"),
                                  seed=3, out_dir=str(tmp_path))
    assert result.verdict == "passed", result.message
    assert result.passed
    assert result.seed == 3
    unlock = [m for m in result.measurements if m.name == "unlock"]
    assert unlock and 0.2 < unlock[0].seconds <= 1.5
    assert (tmp_path / "junit.xml").exists()
    assert (tmp_path / "events.jsonl").read_text().count('"type":"action"') > 5


def test_a_failing_scenario_says_where_and_what_was_seen():
    result = lockrig.run_scenario(
        str(ROOT / "tests" / "scenarios" / "wrong_code_expected_to_unlock.yaml"))
    assert result.verdict == "failed"
    assert result.failed_step_where.endswith("wrong_code_expected_to_unlock.yaml:14")
    assert "bolt stayed extended" in result.message


def test_a_malformed_file_is_an_error_with_its_location(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: bad\nsteps:\n  - wait: 5\n")
    result = lockrig.run_scenario(str(bad))
    assert result.verdict == "error"
    assert f"{bad}:3:" in result.message
