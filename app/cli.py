"""The `circle-of-need` command: the window with no subcommand, and every job that needs no display."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from models.errors import MapError, MapFileError


def _open_graph(path: str):
    """Open a map read-only and build its graph (the CLI never edits an existing map)."""
    from models.graph import build_graph
    from models.store import MapStore

    store = MapStore.open(path, read_only=True)
    try:
        return build_graph(store)
    finally:
        store.close()


def _locality(graph, name: str | None):
    from models.graph import nodes_of

    if name is None:
        return None
    for key in nodes_of(graph, "locality"):
        if graph.nodes[key]["name"].casefold() == name.strip().casefold():
            return key
    known = ", ".join(graph.nodes[k]["name"] for k in nodes_of(graph, "locality"))
    raise MapError(f"There is no locality called “{name}” in this map; it has: {known}.")


def cmd_new(args: argparse.Namespace) -> None:
    from models.interchange import import_map, read_json
    from models.store import MapStore

    if args.sample:
        from sample_maps import sample_path

        store = import_map(read_json(sample_path(args.sample)), args.path)
    else:
        store = MapStore.create(args.path, title=args.title or "")
    store.close()
    print(f"Created {store.path}")


def cmd_import(args: argparse.Namespace) -> None:
    from models.interchange import import_map, read_json

    store = import_map(read_json(args.json), args.path)
    store.close()
    print(f"Imported {args.json} into {store.path}")


def cmd_export(args: argparse.Namespace) -> None:
    from models.interchange import write_json

    write_json(_open_graph(args.path), args.output)
    print(f"Exported {args.path} to {args.output}")


def cmd_check(args: argparse.Namespace) -> int:
    from models.checks import check_map, check_store
    from models.graph import build_graph
    from models.store import MapStore

    store = MapStore.open(args.path, read_only=True)
    try:
        problems = check_store(store)
        graph = build_graph(store)
    finally:
        store.close()
    if problems:
        for problem in problems:
            print(f"problem: {problem}", file=sys.stderr)
        raise MapFileError(f"{Path(args.path).name} is damaged: {len(problems)} problem(s) found.")
    counts = {kind: sum(1 for k in graph if k[0] == kind) for kind in ("stage", "item", "locality", "blockage")}
    print(f"{Path(args.path).name} is sound: {counts['stage']} stages, {counts['item']} data items, "
          f"{counts['locality']} localities, {counts['blockage']} blockages.")
    advice = check_map(graph)
    for line in advice:
        print(f"  to finish: {line}")
    return 0


def cmd_summary(args: argparse.Namespace) -> None:
    from models.graph import nodes_of
    from models.sentences import map_sentences

    graph = _open_graph(args.path)
    locality = _locality(graph, args.locality)
    where = graph.nodes[locality]["name"] if locality else "all localities"
    title = graph.graph["map"]["title"] or Path(args.path).stem
    print(f"{title} — {where}\n")
    if not nodes_of(graph, "stage"):
        print("This map has no stages yet.")
    for stage, sentence in map_sentences(graph, locality):
        print(f"{graph.nodes[stage]['name']}\n  {sentence}\n")


def cmd_window(path: str | None, sample: str | None) -> int:
    from app.main import run_window

    return run_window(path, sample)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="circle-of-need",
        description="Map the data each stage of a family's journey needs, who holds it, where it is blocked "
                    "and who must act. With no command, opens the window.",
    )
    parser.add_argument("--sample", metavar="NAME", help="with no command: open a fresh copy of a sample map")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = add("new", cmd_new, "Create a new map file (the four stages and the ten Greater Manchester boroughs).")
    sub.add_argument("path", help="the new .needmap file")
    sub.add_argument("--sample", metavar="NAME", help="start from a sample map, e.g. greater-manchester")
    sub.add_argument("--title", help="the map's title (default: the file name)")
    sub = add("import", cmd_import, "Create a map file from an interchange JSON file.")
    sub.add_argument("json", help="the JSON file to read")
    sub.add_argument("path", help="the new .needmap file")
    sub = add("export", cmd_export, "Write a map as interchange JSON.")
    sub.add_argument("path", help="the .needmap file")
    sub.add_argument("-o", "--output", required=True, help="the JSON file to write")
    sub = add("check", cmd_check, "Check a map file is sound, and list what is unfinished.")
    sub.add_argument("path", help="the .needmap file")
    sub = add("summary", cmd_summary, "Print the sentence of every stage.")
    sub.add_argument("path", help="the .needmap file")
    sub.add_argument("--locality", metavar="NAME", help="one locality (default: across all localities)")
    return parser


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    return {name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name in action.choices}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or not argv[0].startswith("-") and argv[0] not in _command_names(parser):
        # `circle-of-need [PATH]`: the window.
        if len(argv) > 1:
            parser.error(f"unknown command “{argv[0]}”")
        return cmd_window(argv[0] if argv else None, None)
    args = parser.parse_args(argv)
    if args.command is None:
        return cmd_window(None, args.sample)
    try:
        return args.handler(args) or 0
    except MapError as e:
        print(f"circle-of-need: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing more to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("circle-of-need: stopped.", file=sys.stderr)
        return 130
    except OSError as e:
        print(f"circle-of-need: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
