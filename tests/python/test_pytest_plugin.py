"""The pytest plugin, run on test trees written to a temporary folder
(pytester): YAML scenarios collected as tests, the rig fixture and marker,
the seed in every failure, results folders, --junitxml, --lockrig-rig."""

import textwrap

import pytest

PASSING = """\
scenario: the Lock button extends the bolt
steps:
  - expect: {beeps: 1, within: 500ms}
  - wait: 1s
  - expect: {beeps: 2, led: {color: green, blinks: 2}, within: 10s}
  - expect: {led: off, within: 2s}
  - press: lock
  - measure: {name: lock, until: {bolt: extended}, within: 3s, max: 1.5s}
"""

FAILING = """\
scenario: a wrong code is expected to unlock (it must not)
steps:
  - wait: 6s
  - enter: "9999"
  - press: lock
  - expect: {bolt: extended, within: 1s}
"""

NEEDS_HARDWARE = """\
scenario: only on real hardware
requires: [camera_real]
steps:
  - wait: 1s
"""

MACRO = """\
macro: helper
params: []
steps:
  - wait: 1s
"""


@pytest.fixture
def scenario_tree(pytester):
    pytester.makefile(".yaml", **{"scenarios/passing": PASSING, "scenarios/sub/failing": FAILING,
                                  "scenarios/needs_hardware": NEEDS_HARDWARE,
                                  "scenarios/lib/helper": MACRO, "other/not_a_scenario": PASSING})
    return pytester


def test_yaml_scenarios_are_collected_as_tests(scenario_tree):
    result = scenario_tree.runpytest("-p", "lockrig.pytest_plugin", "-rs", "--lockrig-seed", "4")
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    text = result.stdout.str()
    # The failure: scenario file and line, the CLI's failure text, the seed.
    assert "scenarios/sub/failing.yaml:6: expect: {bolt: extended, within: 1s}" in text
    assert "expected bolt extended within 1s; seen: bolt stayed retracted" in text
    assert "seed 4" in text
    # requires: a skip with the reason.
    assert "needs capability 'camera_real'" in text
    # Results per test.
    folder = scenario_tree.path / ".lockrig-results" / "scenarios" / "passing.yaml" / "passing"
    assert (folder / "junit.xml").exists() and (folder / "report.html").exists()


def test_the_rig_fixture_marker_seed_and_junit_properties(pytester):
    pytester.makepyfile(test_lock=textwrap.dedent("""
        import pytest

        def test_default(rig):
            assert (rig.profile, rig.seed) == ("smartcode", 1)

        @pytest.mark.lockrig(profile="halo", seed=11)
        def test_marked(rig):
            assert (rig.profile, rig.seed) == ("halo", 11)

        @pytest.mark.parametrize("rig", ["fourled", {"profile": "generic", "seed": 3}],
                                 indirect=True)
        def test_parametrized(rig):
            assert rig.profile in ("fourled", "generic")

        @pytest.mark.lockrig(seed=23)
        def test_fails_with_an_expectation(rig):
            rig.wait("5s")
            rig.expect(bolt="extended", within="500ms")

        @pytest.mark.lockrig(seed=29)
        def test_fails_with_a_plain_assert(rig):
            assert rig.now > 100
    """))
    result = pytester.runpytest("-p", "lockrig.pytest_plugin", "--junitxml=junit.xml")
    result.assert_outcomes(passed=4, failed=2)
    text = result.stdout.str()
    assert "[seed 23, profile smartcode, sim bench at" in text  # ExpectationFailed
    assert "seed 29, profile smartcode; results in" in text  # the lockrig report section
    junit = (pytester.path / "junit.xml").read_text()
    assert '<property name="lockrig_seed" value="11"' in junit
    assert '<property name="lockrig_profile" value="halo"' in junit
    failed = pytester.path / ".lockrig-results" / "test_lock.py" / "test_fails_with_an_expectation"
    assert '"verdict":"failed"' in (failed / "events.jsonl").read_text().replace(" ", "")


def test_lockrig_rig_that_cannot_start_is_a_usage_error(pytester):
    pytester.makepyfile("def test_x(rig): pass")
    result = pytester.runpytest("-p", "lockrig.pytest_plugin", "--lockrig-rig", "missing-rig.yaml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--lockrig-rig missing-rig.yaml" in result.stderr.str()
