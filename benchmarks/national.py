"""A national-scale map: 152 upper-tier councils, 400 data items, the 4 stages, a realistic share of
blockages and actions. Deterministic (seeded), written straight through the entities in one transaction."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from models.entities import Access, Action, Agency, Blockage, DataItem, Locality, Need, Stage
from models.store import MapStore
from models.vocabulary import ACTION_STATUS, CATEGORY, LEVEL

LOCALITIES = 152
ITEMS = 400
AGENCIES = 40


def make_national_map(path: Path, localities: int = LOCALITIES, items: int = ITEMS, seed: int = 2011) -> None:
    """Write a national-scale map to `path` (which must not exist)."""
    rng = random.Random(seed)
    store = MapStore.create(path, title="National roll-out", area="England", programme="Community Budgets")
    try:
        with store.write() as session:
            session.query(Locality).delete()
            stages = list(session.query(Stage).order_by(Stage.position))
            session.add_all(Agency(id=n, name=f"Agency {n:02d}", short_name=f"A{n}", sector="Public sector",
                                   contact="") for n in range(1, AGENCIES + 1))
            session.add_all(Locality(id=n, name=f"Council {n:03d}") for n in range(1, localities + 1))
            session.add_all(DataItem(id=n, name=f"Data item {n:03d}", description="", holder_id=rng.randint(1, AGENCIES),
                                     personal=rng.random() < 0.7, identifier="NHS number", update_frequency="Monthly",
                                     legal_basis="", agreement_reference="") for n in range(1, items + 1))
            session.flush()
            for item in range(1, items + 1):
                for stage in rng.sample(stages, rng.randint(1, 2)):
                    session.add(Need(stage_id=stage.id, item_id=item, purpose="", priority=rng.choice(
                        ("essential", "useful"))))
            blockage_id = action_id = 0
            statuses = ("accessible",) * 5 + ("partial",) * 2 + ("blocked",) * 2 + ("unknown",)
            access_rows, blockages, actions = [], [], []
            for item in range(1, items + 1):
                national = rng.random() < 0.05
                if national:
                    blockage_id += 1
                    blockages.append(dict(id=blockage_id, item_id=item, locality_id=None,
                                          category=rng.choice(CATEGORY.values), reason="no national legal gateway",
                                          evidence=""))
                for locality in range(1, localities + 1):
                    status = "blocked" if national else rng.choice(statuses)
                    if status == "unknown":
                        continue
                    access_rows.append(dict(item_id=item, locality_id=locality, status=status, said_by="", said_on=None))
                    if status == "blocked" and not national and rng.random() < 0.6:
                        blockage_id += 1
                        blockages.append(dict(id=blockage_id, item_id=item, locality_id=locality,
                                              category=rng.choice(CATEGORY.values),
                                              reason=rng.choice(("no sharing agreement", "systems do not talk",
                                                                 "no resource to extract", "consent not covered")),
                                              evidence=""))
                        if rng.random() < 0.7:
                            action_id += 1
                            actions.append(dict(id=action_id, blockage_id=blockage_id, step="agree a sharing agreement",
                                                level=rng.choice(LEVEL.values), owner_body=f"Agency {rng.randint(1, 9)}",
                                                owner_person="", status=rng.choice(ACTION_STATUS.values), due=None))
            session.bulk_insert_mappings(Access, access_rows)
            session.bulk_insert_mappings(Blockage, blockages)
            session.bulk_insert_mappings(Action, actions)
    finally:
        store.close()


if __name__ == "__main__":
    make_national_map(Path(sys.argv[1]))
