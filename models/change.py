"""What an edit changed: the small record every service returns and every screen redraws from.

No storage and no Qt here, so the graph, the analysis and the views can name changes freely."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

NodeKey = tuple[str, int]
# Rows taken by a removal, parents first: (table name, [row as a dict, …]).
Snapshot = tuple[tuple[str, tuple[dict[str, Any], ...]], ...]


@dataclass(frozen=True)
class Change:
    """What an edit changed, so that the graph and the screens redo only that."""

    kind: str
    updated: frozenset[NodeKey] = frozenset()  # nodes whose own row or outgoing edges changed (new ones too)
    removed: frozenset[NodeKey] = frozenset()
    created: NodeKey | None = None
    previous: Mapping[str, Any] = field(default_factory=dict)  # an edit's values before it
    snapshot: Snapshot = ()  # a removal's rows, for `restore`
    map_info: bool = False
    positions: frozenset[tuple[int, NodeKey]] = frozenset()  # (view, node) whose position changed
