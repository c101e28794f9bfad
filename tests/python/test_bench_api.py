"""The Bench API itself: durations, results, failures, the window rule,
safe state on every exit, result files, sim settings, threads."""

import gc
import json
import pathlib
import threading
import time
from datetime import timedelta

import pytest

import lockrig

ROOT = pathlib.Path(__file__).resolve().parents[2]


def boot_and_hand(rig):
    rig.expect(beeps=1, within="500ms")
    rig.wait("1s")
    rig.expect(beeps=2, led={"color": "green", "blinks": 2}, within="10s")
    rig.expect(led="off", within="2s")


def test_durations_are_strings_or_timedeltas_never_bare_numbers(rig):
    start = rig.now
    rig.wait(timedelta(milliseconds=1500))
    rig.wait("1.5s")
    assert rig.now - start == pytest.approx(3.0, abs=1e-6)
    with pytest.raises(TypeError, match="needs a duration"):
        rig.wait(2)
    with pytest.raises(ValueError, match='got "2"'):
        rig.wait("2")
    with pytest.raises(ValueError, match="not negative"):
        rig.wait(timedelta(seconds=-1))
    result = rig.expect(led="off", within=timedelta(seconds=1))
    assert result.expected.endswith("within 1s")


def test_an_expectation_returns_what_was_seen_and_when(rig):
    boot_and_hand(rig)
    edge = rig.press("lock")
    result = rig.expect(bolt="extended", within="2s")
    assert result and result.passed
    assert result.window_start == pytest.approx(edge)  # the window-start rule
    assert result.seen_at > result.window_start
    assert result.latency == pytest.approx(result.seen_at - result.window_start)
    assert "extended" in result.seen and result.failure == ""


def test_expectation_failed_reads_like_the_cli_and_names_the_seed():
    with lockrig.SimBench(seed=42, out_dir=None) as rig:
        boot_and_hand(rig)
        with pytest.raises(lockrig.ExpectationFailed) as failed:
            rig.expect(bolt="extended", within="1s")
    error = failed.value
    assert isinstance(error, AssertionError)
    text = str(error)
    assert text.startswith("tests/python/test_bench_api.py:") or "test_bench_api.py:" in text
    assert "expect(bolt='extended', within='1s'): expected bolt extended within 1s" in text
    assert "seen: bolt stayed retracted" in text
    assert "seed 42" in text and "profile smartcode" in text
    assert error.seed == 42
    assert not error.result.passed and error.result.seen_at is None


def test_check_false_returns_the_failure_instead_of_raising(rig):
    result = rig.expect_not(beeps=">=1", for_="1s", check=False)  # BOOT beeps
    assert not result
    assert "was seen" in result.failure


def test_measure_limits_and_marginal_band(rig):
    boot_and_hand(rig)
    rig.press("lock")
    lock = rig.measure("lock", until={"bolt": "extended"}, within="3s", max="1.5s",
                       marginal_max="100ms")
    assert lock.passed and lock.marginal and lock.max == 1.5
    rig.expect(led="off", within="2s")
    rig.enter("1234")  # no such code: the bolt stays
    rig.press("lock")
    with pytest.raises(lockrig.ExpectationFailed, match="measure\\('unlock'") as failed:
        rig.measure("unlock", bolt="retracted", within="1s")
    assert failed.value.measurement is not None and not failed.value.measurement.passed


def test_bad_conditions_are_refused_with_the_scenario_format_messages(rig):
    with pytest.raises(ValueError, match="needs a condition"):
        rig.expect()
    with pytest.raises(ValueError, match="unknown key 'colour'"):
        rig.expect(colour="red")
    with pytest.raises(ValueError, match="a colour"):
        rig.expect(led="purple")
    with pytest.raises(ValueError, match="profile smartcode has 1"):
        rig.expect(leds=["green", "green"])
    with pytest.raises(ValueError, match="no key"):
        rig.press("star")
    with pytest.raises(TypeError, match="not both"):
        rig.measure("x", until={"bolt": "extended"}, led="red")


def test_leaving_the_with_block_puts_every_relay_in_its_safe_state(tmp_path):
    with pytest.raises(RuntimeError, match="boom"):
        with lockrig.SimBench(out_dir=str(tmp_path)) as rig:
            rig.hold("program")
            rig.power("off")
            assert rig.relays["program"] and rig.relays["battery"]
            raise RuntimeError("boom")
    assert rig.closed
    assert not any(rig.relays.values()), rig.relays
    with pytest.raises(RuntimeError, match="closed"):
        rig.press("lock")
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    safe = [e for e in events if e["type"] == "safe_state"]
    assert safe and safe[-1]["all_released"]
    verdict = [e for e in events if e["type"] == "scenario_verdict"][-1]
    assert verdict["verdict"] == "error" and "boom" in verdict["message"]
    for name in ("junit.xml", "trace.vcd", "report.html"):
        assert (tmp_path / name).exists(), name


def test_garbage_collection_also_closes_the_bench(tmp_path):
    rig = lockrig.SimBench(out_dir=tmp_path)  # a pathlib.Path is fine
    rig.hold("lock")
    del rig
    gc.collect()
    events = (tmp_path / "events.jsonl").read_text()
    assert '"all_released":true' in events.replace(" ", "")


def test_safe_state_releases_a_held_key_and_the_lock_notices(rig):
    boot_and_hand(rig)
    rig.hold("program")
    rig.wait("500ms")
    rig.safe_state()
    assert not any(rig.relays.values())
    rig.expect(led="off", within="10s")


def test_close_returns_the_session_result_with_measurements(tmp_path):
    rig = lockrig.SimBench(seed=5, out_dir=str(tmp_path), name="my session")
    boot_and_hand(rig)
    rig.press("lock")
    rig.measure("lock", bolt="extended", within="3s")
    result = rig.close()
    assert result.verdict == "passed" and result.seed == 5 and result.name == "my session"
    assert [m.name for m in result.measurements] == ["lock"]
    assert result.run_dir == str(tmp_path)
    assert rig.close() is not None  # idempotent
    assert "my session" in (tmp_path / "junit.xml").read_text()


def test_sim_settings_flatten_maps_and_refuse_unknown_ones(rig):
    boot_and_hand(rig)
    rig.sim(battery_volts=6.0, key_contact={"key": "5", "fail_rate": 0.0})
    rig.sim(power_cut={"during": "store_write", "after": "0..2ms"})
    with pytest.raises(ValueError):
        rig.sim(warp_drive=True)
    with pytest.raises(ValueError):
        rig.sim(battery_volts=99)


def test_snapshot_writes_the_camera_frame(rig, tmp_path):
    rig.wait("100ms")
    path = rig.snapshot("boot", dir=str(tmp_path))
    assert path.endswith("boot.png") and (tmp_path / "boot.png").stat().st_size > 0


def test_the_gil_is_released_while_bench_time_passes(rig):
    ticks = 0
    running = True

    def count():
        nonlocal ticks
        while running:
            ticks += 1
            time.sleep(0)

    thread = threading.Thread(target=count)
    thread.start()
    try:
        before = ticks
        started = time.monotonic()
        rig.wait("20min")
        spent = time.monotonic() - started
    finally:
        running = False
        thread.join()
    if spent < 0.05:
        pytest.skip(f"the wait took only {spent * 1000:.1f} ms, too short to tell")
    assert ticks - before > 10


def test_benches_and_their_properties():
    rig = lockrig.SimBench("halo", seed=9)
    assert isinstance(rig, lockrig.Bench)
    assert (rig.profile, rig.seed, rig.kind) == ("halo", 9, "sim")
    assert rig.firmware.startswith("lockfw") and rig.has("sim")
    assert rig.now == 0.0
    with pytest.raises(ValueError):
        lockrig.SimBench("no-such-profile")
    assert issubclass(lockrig.HardwareBench, lockrig.Bench)
    rig.close()


EXAMPLE_RIG = ROOT / "rig" / "hardware" / "example-rig.yaml"


def test_a_malformed_rig_file_is_a_value_error_with_its_place(tmp_path):
    rig = tmp_path / "rig.yaml"
    rig.write_text("relays:\n  key_lock: {line: 3, colour: red}\n")
    with pytest.raises(ValueError, match=f"{rig}:\\d+:\\d+: "):
        lockrig.HardwareBench(str(rig))


@pytest.mark.skipif(pathlib.Path("/dev/gpiochip0").exists(), reason="this machine has GPIO")
def test_a_rig_without_its_gpio_chip_is_unavailable_not_a_crash():
    with pytest.raises(lockrig.BenchUnavailable, match="cannot start") as e:
        lockrig.HardwareBench(str(EXAMPLE_RIG))
    assert isinstance(e.value, NotImplementedError)
