"""Finds the `lockrig` module built by CMake (build/bindings, or the folder
named by LOCKRIG_BUILD_DIR), so `/usr/bin/python3 -m pytest tests/python`
works from a fresh build without setting PYTHONPATH, and loads the lockrig
pytest plugin (the `rig` fixture) and pytester (to test the plugin itself)."""

import os
import pathlib
import sys

_ROOT = pathlib.Path(__file__).resolve().parents[2]
_BUILD = pathlib.Path(os.environ.get("LOCKRIG_BUILD_DIR", _ROOT / "build"))
_BINDINGS = _BUILD / "bindings"
if _BINDINGS.is_dir() and str(_BINDINGS) not in sys.path:
    sys.path.insert(0, str(_BINDINGS))

pytest_plugins = ["lockrig.pytest_plugin", "pytester"]
