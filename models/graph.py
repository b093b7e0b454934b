"""The networkx graph of a map: the one derived view that the diagram, tables, report and CLI read.

Nodes are keyed ("stage", id), ("item", id), ("agency", id), ("locality", id), ("blockage", id),
("action", id) and carry `kind` plus their columns. Edges: stage -needs-> item,
item -held_by-> agency, item -access-> locality, blockage -blocks-> item, action -unblocks-> blockage.
`graph.graph["map"]` holds the map's title, area, programme and notes; `graph.graph["positions"]`
maps (view, node) to a dragged (x, y).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

import networkx as nx
from typing import TYPE_CHECKING

from models.change import Change, NodeKey

if TYPE_CHECKING:  # the graph module needs no storage library: views import it
    from sqlite3 import Connection

    from models.store import MapStore

# kind → (table, columns of the node, outgoing edges: (edge kind, target kind, column)).
_NODES: dict[str, tuple[str, tuple[str, ...]]] = {
    "stage": ("stage", ("id", "name", "aim", "position")),
    "agency": ("agency", ("id", "name", "short_name", "sector", "contact")),
    "locality": ("locality", ("id", "name")),
    "item": ("data_item", (
        "id", "name", "description", "holder_id", "personal", "nature", "volume", "identifier", "granularity",
        "months_in_arrears", "update_frequency", "pseudonymised_ok", "legal_basis", "consent_needed",
        "agreement_tier", "agreement_reference",
    )),
    "blockage": ("blockage", ("id", "item_id", "locality_id", "category", "reason", "evidence")),
    "action": ("action", ("id", "blockage_id", "step", "level", "owner_body", "owner_person", "status", "due")),
}
_BOOLEAN = {"personal", "pseudonymised_ok", "consent_needed"}
_DATE = {"due"}


_CONVERT = {kind: tuple(c for c in columns if c in _BOOLEAN | _DATE) for kind, (_, columns) in _NODES.items()}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
# A node kind's own outgoing edge, drawn from one of its columns.
_COLUMN_EDGE = {"item": ("holder_id", "held_by", "agency"), "blockage": ("item_id", "blocks", "item"),
                "action": ("blockage_id", "unblocks", "blockage")}


def _node(kind: str, columns: tuple[str, ...], row: tuple) -> tuple[NodeKey, dict[str, Any]]:
    data = dict(zip(columns, row))
    data["kind"] = kind
    for name in _CONVERT[kind]:
        if data[name] is not None:
            data[name] = bool(data[name]) if name in _BOOLEAN else _date(data[name])
    return (kind, row[0]), data


def _read_nodes(conn: Connection, kind: str, where: str = "", args: tuple = ()) -> list[tuple[NodeKey, dict]]:
    table, columns = _NODES[kind]
    rows = conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} {where}", args).fetchall()
    return [_node(kind, columns, row) for row in rows]


def _read_needs(conn: Connection, where: str = "", args: tuple = ()) -> list[tuple]:
    rows = conn.execute(f"SELECT stage_id, item_id, purpose, priority, place FROM need {where}", args)
    return [(("stage", s), ("item", i), {"kind": "needs", "purpose": p, "priority": pr, "place": pl})
            for s, i, p, pr, pl in rows]


def _access_record(status: str, said_by: str, said_on: str | None) -> MappingProxyType:
    return MappingProxyType({"kind": "access", "status": status, "said_by": said_by, "said_on": _date(said_on)})


def _read_access(conn: Connection, where: str, args: tuple) -> list[tuple]:
    rows = conn.execute(f"SELECT item_id, locality_id, status, said_by, said_on FROM access {where}", args)
    return [(("item", i), ("locality", loc), _access_record(*record)) for i, loc, *record in rows]


def _column_edges(kind: str, nodes: Iterable[tuple[NodeKey, dict]]) -> list[tuple]:
    if kind not in _COLUMN_EDGE:
        return []
    column, edge, target = _COLUMN_EDGE[kind]
    return [(key, (target, data[column]), {"kind": edge}) for key, data in nodes if data[column] is not None]


def _read_map(conn: Connection) -> dict[str, str]:
    row = conn.execute("SELECT title, area, programme, notes FROM map_info WHERE id = 1").fetchone()
    return dict(zip(("title", "area", "programme", "notes"), row or ("", "", "", "")))


def _read_positions(conn: Connection) -> dict[tuple[int, NodeKey], tuple[float, float]]:
    rows = conn.execute("SELECT view, node_kind, node_id, x, y FROM position")
    return {(view, (kind, ident)): (x, y) for view, kind, ident, x, y in rows}


def build_graph(store: MapStore) -> nx.DiGraph:
    """The whole map as a graph, read in one transaction.

    A national map is ~70,000 rows; its nodes and edges go straight into networkx's adjacency dicts,
    which is what add_nodes_from/add_edges_from do less their per-element checks (3× faster here).
    Every edge's ends exist already: the foreign keys guarantee it. Most access records say the same
    few things (a status, often nobody and no date yet), so records that say the same share one
    read-only mapping: 60,000 edges, a few hundred mappings. update_graph replaces edges, never
    mutates them."""
    graph = nx.DiGraph()
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small dicts would set off needless full collections
    try:
        with store.reading() as conn:
            graph.graph["map"] = _read_map(conn)  # also begins the read transaction
            graph.graph["positions"] = _read_positions(conn)
            attributes, succ, pred = graph._node, graph._succ, graph._pred
            edges = []
            for kind in _NODES:
                nodes = _read_nodes(conn, kind)
                for key, data in nodes:
                    attributes[key], succ[key], pred[key] = data, {}, {}
                edges += _column_edges(kind, nodes)
            edges += _read_needs(conn)
            for source, target, data in edges:
                succ[source][target] = data
                pred[target][source] = data
            _link_all_access(conn, graph)
    finally:
        if collecting:
            gc.enable()
    return graph


def _link_all_access(conn: Connection, graph: nx.DiGraph) -> None:
    """Every access edge, linked by id: the inner loop of opening a national map."""
    succ_of = {key[1]: targets for key, targets in graph._succ.items() if key[0] == "item"}
    pred_of = {key[1]: sources for key, sources in graph._pred.items() if key[0] == "locality"}
    item_key = {ident: ("item", ident) for ident in succ_of}
    locality_key = {ident: ("locality", ident) for ident in pred_of}
    records: dict[tuple, MappingProxyType] = {}
    rows = conn.execute(
        "SELECT item_id, locality_id, status, said_by, said_on FROM access").fetchall()
    for item, locality, status, said_by, said_on in rows:
        shared = records.get((status, said_by, said_on))
        if shared is None:
            shared = records[(status, said_by, said_on)] = _access_record(status, said_by, said_on)
        succ_of[item][locality_key[locality]] = shared
        pred_of[locality][item_key[item]] = shared


def update_graph(graph: nx.DiGraph, store: MapStore, change: Change) -> None:
    """Bring the graph in line with the database after `change`, reading only what it names."""
    with store.reading() as conn:
        if change.map_info:
            graph.graph["map"] = _read_map(conn)
        for view, key in change.positions:
            row = conn.execute(
                "SELECT x, y FROM position WHERE view = ? AND node_kind = ? AND node_id = ?", (view, *key)
            ).fetchone()
            if row is None:
                graph.graph["positions"].pop((view, key), None)
            else:
                graph.graph["positions"][(view, key)] = tuple(row)
        graph.remove_nodes_from(change.removed)
        # Parents first, so that a restored blockage finds its restored item.
        order = list(_NODES)
        for key in sorted(change.updated, key=lambda k: order.index(k[0])):
            _reload(graph, conn, key)


def _reload(graph: nx.DiGraph, conn: Connection, key: NodeKey) -> None:
    kind, ident = key
    nodes = _read_nodes(conn, kind, "WHERE id = ?", (ident,))
    if not nodes:
        if key in graph:
            graph.remove_node(key)
        return
    if key in graph:
        graph.nodes[key].clear()
        graph.remove_edges_from([(key, target) for target in list(graph.successors(key))])
    graph.add_nodes_from(nodes)
    edges = _column_edges(kind, nodes)
    if kind == "stage":
        edges += _read_needs(conn, "WHERE stage_id = ?", (ident,))
    elif kind == "item":
        edges += _read_access(conn, "WHERE item_id = ?", (ident,))
    graph.add_edges_from(edges)


def nodes_of(graph: nx.DiGraph, kind: str) -> list[NodeKey]:
    """Every node of a kind; stages in journey order, the rest by name (case-insensitive)."""
    keys = [k for k in graph if k[0] == kind]
    if kind == "stage":
        return sorted(keys, key=lambda k: (graph.nodes[k]["position"], k[1]))
    if kind in ("blockage", "action"):
        return sorted(keys)
    return sorted(keys, key=lambda k: (graph.nodes[k]["name"].casefold(), k[1]))
