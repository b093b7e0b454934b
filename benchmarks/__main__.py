"""`make bench`: every benchmark in turn, each printing its ratios against its own raw floor and its budget; one
failing or over budget does not stop the others. Ends with a line per benchmark, and exits non-zero when any is
over budget or failed."""

import importlib
import sys
import traceback

BENCHMARKS = ("open_map", "diagram", "startup", "report", "compare")

verdicts = {}
for name in BENCHMARKS:
    print(f"\n== {name} ==", flush=True)
    try:
        within = importlib.import_module(f"benchmarks.{name}").main()
    except (Exception, SystemExit):  # noqa: BLE001 - a benchmark that cannot run is reported, the rest still run
        traceback.print_exc()
        verdicts[name] = "FAILED"
    else:
        verdicts[name] = "within budget" if within else "OVER BUDGET"
    sys.stdout.flush()

print("\n== summary ==")
for name, verdict in verdicts.items():
    print(f"{name:10s} {verdict}")
sys.exit(0 if all(v == "within budget" for v in verdicts.values()) else 1)
