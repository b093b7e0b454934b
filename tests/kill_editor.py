"""A program editing a map as fast as it can, one edit of each kind in turn, saying each edit once it is saved
("saved N"): tests/test_kill.py kills it with SIGKILL at a random moment and checks every edit it said."""

import sys

from models import services
from models.store import MapStore

KINDS = 6  # add a data item, mark its access, block it, add an action, describe it, add a stage


def edit(store: MapStore, n: int, made: dict) -> None:
    kind = n % KINDS
    if kind == 0:
        made["item"] = services.add_item(store, f"Item {n}").created[1]
    elif kind == 1:
        services.set_access(store, made["item"], 1, "blocked", said_by=f"Lead {n}")
    elif kind == 2:
        made["blockage"] = services.add_blockage(store, made["item"], 1, "legal", f"Reason {n}").created[1]
    elif kind == 3:
        services.add_action(store, made["blockage"], f"Step {n}", level="gm")
    elif kind == 4:
        services.edit_item(store, made["item"], description=f"Description {n}")
    else:
        services.add_stage(store, f"Stage {n}")


def main(path: str, start: int) -> None:
    store = MapStore.open(path)
    made: dict = {}
    n = start
    while True:
        edit(store, n, made)
        print(f"saved {n}", flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
