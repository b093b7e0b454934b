"""Start-up to a visible window with the sample map, against a bare PySide6 window started the same way
in the same run. Budget: ≤ 1.5× the bare window. Run: `.venv/bin/python -m benchmarks.startup`.

Measured 2026-11-26 on the shared two-core machine: bare window 206–246 ms; the sample map 832–930 ms,
ratios 3.4–4.1 (from 4.5 the day before: the graph library now loads before Qt, whose import hook would
otherwise read the source of each of its ~300 modules; the comparison dock is built when first shown; the
wall's views on the first F5). What is left: importing networkx, which the graph that draws the diagram
needs, is 170–210 ms by itself (0.7–0.85× a bare window, more than the budget's whole 0.5× margin); then
our own modules (~100 ms), the diagram, inspector and tables (~250 ms) and Qt's first use of each enum.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1400, 900)
window.show()
app.processEvents()
print("visible", flush=True)
"""

OURS = """
from app.main import application, open_window
app = application()
window = open_window(sample="greater-manchester")
window.show()
app.processEvents()
assert window.document is not None
print("visible", flush=True)
"""


def started(code: str, env: dict[str, str]) -> float:
    """Seconds from launching a fresh interpreter to its window being shown and painted."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.wait(timeout=60)
    if "visible" not in line:
        raise SystemExit(f"the window did not start: {line!r}")
    return elapsed


def main() -> bool:
    """Prints the figures; True when within budget."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data", HOME=home)
        env.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
        started(BARE, env), started(OURS, env)  # warm the file cache
        bare = statistics.median(started(BARE, env) for _ in range(ROUNDS))
        ours = statistics.median(started(OURS, env) for _ in range(ROUNDS))
    ratio = ours / bare
    print(f"bare PySide6 window: {bare * 1000:.0f} ms; Circle of Need on the sample map: {ours * 1000:.0f} ms; "
          f"ratio {ratio:.2f} (budget 1.5): {'within budget' if ratio <= 1.5 else 'OVER BUDGET'}")
    return ratio <= 1.5


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
