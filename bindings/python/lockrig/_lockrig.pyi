"""Type stub of the compiled lockrig module, for editors and type checkers.
The docstrings are the module's own (help(lockrig.Bench.expect))."""

from datetime import timedelta
from types import TracebackType
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, Type, Union

Duration = Union[str, timedelta]
"""'150ms', '2s', '1.5s', '5min', '1h', or a datetime.timedelta. Never a bare number."""
Key = Union[str, int]
"""'0'..'9', 'lock', 'program' (an int 0..9 is taken as its digit)."""
Count = Union[int, str]
"""3, '>=1' or '<=2'."""
Led = Union[str, Mapping[str, Union[str, int]]]
"""'off', 'red', 'green', 'amber', 'blue', 'white', or {'color': 'green', 'blinks': 2}."""

PROFILES: Tuple[str, ...]

class ExpectationFailed(AssertionError):
    """An expectation did not hold; str() reads like the CLI's failure text with the seed."""

    result: ExpectationResult
    measurement: Optional[Measurement]
    seed: int

class BenchUnavailable(NotImplementedError):
    """The bench asked for does not exist (yet) on this machine."""

class ExpectationResult:
    """What one expect(), expect_not() or measure() saw (seconds of bench time)."""

    passed: bool
    step: str
    where: str
    expected: str
    seen: str
    seen_at: Optional[float]
    window_start: float
    failure: str
    latency: Optional[float]
    def __bool__(self) -> bool: ...

class Measurement:
    """A measured time in seconds and its limits."""

    name: str
    where: str
    seconds: float
    min: Optional[float]
    max: Optional[float]
    marginal_min: Optional[float]
    marginal_max: Optional[float]
    passed: bool
    marginal: bool
    note: str

class MeasurementStats:
    name: str
    count: int
    p50: float
    p95: float
    p99: float
    min: float
    max: float
    out_of_limits: int
    marginal: int

class EnduranceStats:
    where: str
    cycles_planned: int
    cycles_run: int
    cycles_failed: int
    first_failure_cycle: Optional[int]
    first_failure_message: str
    measurements: List[MeasurementStats]
    pass_rate: float

class ScenarioResult:
    """The outcome of a scenario or of a Python bench session."""

    file: str
    name: str
    profile: str
    seed: int
    bench: str
    firmware: str
    requirements: List[str]
    tags: List[str]
    verdict: Literal["passed", "failed", "error", "skipped"]
    passed: bool
    message: str
    failed_step_where: str
    failure: str
    measurements: List[Measurement]
    endurance: List[EnduranceStats]
    virtual_seconds: float
    wall_seconds: float
    run_dir: Optional[str]

class Bench:
    """A bench driven from Python: actions, expectations, safe state on close."""

    # Actions: each returns its trigger edge in seconds.
    def press(self, keys: Union[Key, Sequence[Key]], for_: Optional[Duration] = None) -> float: ...
    def enter(self, code: str) -> float: ...
    def hold(self, key: Key) -> float: ...
    def release(self, key: Key) -> float: ...
    def power(self, on: Union[bool, Literal["on", "off"]]) -> float: ...
    def wait(self, duration: Duration) -> None: ...
    def sim(self, **settings: Any) -> None: ...
    def log(self, text: str) -> None: ...
    def snapshot(self, name: str, dir: Optional[str] = None) -> str: ...
    def call(self, macro: str, **args: Any) -> None: ...
    def run_steps(self, yaml: str, **vars: Any) -> None: ...
    # Expectations.
    def expect(
        self,
        *,
        within: Duration = "2s",
        check: bool = True,
        bolt: Optional[Literal["extended", "retracted", "moving", "stalled"]] = ...,
        led: Optional[Led] = ...,
        leds: Optional[Union[Sequence[str], Literal["random"]]] = ...,
        beeps: Optional[Count] = ...,
        beep: Optional[Literal["long"]] = ...,
        quiet: Optional[Literal[True]] = ...,
    ) -> ExpectationResult: ...
    def expect_not(
        self,
        *,
        for_: Duration = "2s",
        check: bool = True,
        bolt: Optional[Literal["extended", "retracted", "moving", "stalled"]] = ...,
        led: Optional[Led] = ...,
        leds: Optional[Union[Sequence[str], Literal["random"]]] = ...,
        beeps: Optional[Count] = ...,
        beep: Optional[Literal["long"]] = ...,
        quiet: Optional[Literal[True]] = ...,
    ) -> ExpectationResult: ...
    def measure(
        self,
        name: str,
        until: Optional[Mapping[str, Any]] = None,
        *,
        within: Duration = "2s",
        min: Optional[Duration] = None,
        max: Optional[Duration] = None,
        marginal_min: Optional[Duration] = None,
        marginal_max: Optional[Duration] = None,
        check: bool = True,
        bolt: Optional[Literal["extended", "retracted", "moving", "stalled"]] = ...,
        led: Optional[Led] = ...,
        leds: Optional[Union[Sequence[str], Literal["random"]]] = ...,
        beeps: Optional[Count] = ...,
        beep: Optional[Literal["long"]] = ...,
        quiet: Optional[Literal[True]] = ...,
    ) -> Measurement: ...
    # Safe state and results.
    def safe_state(self) -> None: ...
    def close(
        self,
        verdict: Optional[Literal["passed", "failed", "error", "skipped"]] = None,
        message: Optional[str] = None,
    ) -> ScenarioResult: ...
    def __enter__(self) -> "Bench": ...
    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> bool: ...
    def has(self, capability: str) -> bool: ...
    @property
    def now(self) -> float: ...
    @property
    def seed(self) -> int: ...
    @property
    def profile(self) -> str: ...
    @property
    def firmware(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def out_dir(self) -> Optional[str]: ...
    @property
    def closed(self) -> bool: ...
    @property
    def relays(self) -> Dict[str, bool]: ...
    @property
    def measurements(self) -> List[Measurement]: ...

class SimBench(Bench):
    """A new simulated board: blank store, fresh battery, relays released, booting at 0."""

    def __init__(
        self,
        profile: str = "smartcode",
        seed: int = 1,
        out_dir: Optional[str] = None,
        *,
        name: Optional[str] = None,
        macro_dir: Optional[str] = None,
    ) -> None: ...
    def __enter__(self) -> "SimBench": ...

class HardwareBench(Bench):
    """The hardware bench of a rig file: ValueError (file:line:col) for a malformed rig
    file, BenchUnavailable if its GPIO chip or camera cannot be opened."""

    def __init__(
        self, rig: str, profile: str = "smartcode", out_dir: Optional[str] = None
    ) -> None: ...

def run_scenario(
    path: str, seed: int = 1, profile: Optional[str] = None, out_dir: Optional[str] = None
) -> ScenarioResult: ...
