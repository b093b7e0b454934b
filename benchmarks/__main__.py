"""`make bench`: every benchmark in turn, each printing its ratios against its own raw floor."""

import importlib

for name in ("open_map", "diagram", "startup", "report", "compare"):
    print(f"\n== {name} ==", flush=True)
    importlib.import_module(f"benchmarks.{name}").main()
