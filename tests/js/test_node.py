"""Runs the JavaScript unit tests (node --test tests/js/) inside the pytest run."""

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def test_javascript_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the JavaScript unit tests in tests/js/ cannot run")
    command = [node, "--test", str(HERE)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=HERE.parents[1])
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
