"""Run a script in a fresh interpreter and read the JSON it prints last.

Why: import-time behaviour (what a module imports, what a forked worker inherits, which library
internals are swapped while importing) can only be seen in a process that has imported nothing yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def json_from_fresh_interpreter(script: str, *args: str, timeout: float = 600) -> dict[str, object]:
    """``python -c script args...`` in the project root; its last stdout line, parsed as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
