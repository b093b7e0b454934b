"""Opening the national map and building its graph, against a raw sqlite3 read of the same rows.

Budget: ≤ 2× the raw read. Run: `.venv/bin/python -m benchmarks.open_map`.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from benchmarks.national import make_national_map
from benchmarks.timing import best_of
from models.graph import build_graph
from models.store import MapStore

QUERIES = (
    "SELECT id, name, aim, position FROM stage",
    "SELECT id, name, short_name, sector, contact FROM agency",
    "SELECT id, name FROM locality",
    "SELECT * FROM data_item",
    "SELECT * FROM blockage",
    "SELECT * FROM action",
    "SELECT * FROM need",
    "SELECT * FROM access",
    "SELECT * FROM position",
    "SELECT * FROM map_info",
)


def raw_read(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return sum(len(con.execute(q).fetchall()) for q in QUERIES)
    finally:
        con.close()


def open_and_build(path: Path) -> int:
    store = MapStore.open(path, read_only=True)
    try:
        return len(build_graph(store))
    finally:
        store.close()


def main() -> bool:
    """Prints the figures; True when within budget."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "national.needmap"
        make_national_map(path)
        rows = raw_read(path)
        raw, ours = best_of(15, lambda: raw_read(path), lambda: open_and_build(path))
        print(f"national map: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        print(f"raw sqlite3 read      {raw * 1000:8.1f} ms")
        print(f"open + build graph    {ours * 1000:8.1f} ms")
        within = ours / raw <= 2
        print(f"ratio                 {ours / raw:8.2f}×  (budget ≤ 2×): {'within budget' if within else 'OVER BUDGET'}")
        return within


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
