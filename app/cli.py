"""The `circle-of-need` command: the window with no subcommand, and every job that needs no display."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import logbook
from models.errors import MapError, MapFileError, MapInUse


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

    store = MapStore.open(args.path, read_only=True, examine=True)
    try:
        problems = check_store(store)
        graph = None if problems else build_graph(store)
    finally:
        store.close()
    if problems:
        for problem in problems:
            print(f"problem: {problem}", file=sys.stderr)
        found = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise MapFileError(f"{Path(args.path).name} is damaged: {found} found.")
    counts = {kind: sum(1 for k in graph if k[0] == kind) for kind in ("stage", "item", "locality", "blockage")}
    print(f"{Path(args.path).name} is sound: {counts['stage']} stages, {counts['item']} data items, "
          f"{counts['locality']} localities, {counts['blockage']} blockages.")
    advice = check_map(graph)
    for line in advice:
        print(f"  to finish: {line}")
    return 0


def cmd_summary(args: argparse.Namespace) -> None:
    from models import asks
    from models.graph import nodes_of
    from models.sentences import map_sentences
    from models.vocabulary import LEVEL

    graph = _open_graph(args.path)
    locality = _locality(graph, args.locality)
    where = graph.nodes[locality]["name"] if locality else "all localities"
    title = graph.graph["map"]["title"] or Path(args.path).stem
    print(f"{title} — {where}\n")
    if not nodes_of(graph, "stage"):
        print("This map has no stages yet.\n")
    for stage, sentence in map_sentences(graph, locality):
        print(f"{graph.nodes[stage]['name']}\n  {sentence}\n")
    found = asks.all_asks(graph, localities=None if locality is None else [locality])
    for level in reversed(LEVEL.values):  # national first
        here = [a for a in found if a.level == level][:3]
        if here:
            whose = graph.nodes[locality]["name"] if level == "local" and locality else asks.LEVEL_ASKED[level]
            more = " --locality NAME" if locality else ""
            print(f"The first asks of {whose} (all of them: circle-of-need asks MAP{more})")
            for number, ask in enumerate(here, 1):
                print(f"  {number}. {asks.line(graph, ask)} — {ask.impact.words(graph)}")
            print()


def cmd_asks(args: argparse.Namespace) -> None:
    import textwrap

    from models import asks
    from models.vocabulary import LEVEL

    graph = _open_graph(args.path)
    locality = _locality(graph, args.locality)
    found = asks.all_asks(graph, localities=None if locality is None else [locality])
    title = graph.graph["map"]["title"] or Path(args.path).stem
    where = f" for {graph.nodes[locality]['name']}" if locality else ""
    print(f"{title} — asks{where}, most important first\n")
    levels = [LEVEL.check(args.level)] if args.level else list(reversed(LEVEL.values))  # national first
    for level in levels:
        here = [a for a in found if a.level == level]
        print(asks.LEVEL_HEADING[level].upper())
        if not here:
            print("  None.\n")
        for number, ask in enumerate(here, 1):
            for row, (label, words) in enumerate(asks.details(graph, ask)):
                lead = f"{number:>3}. " if row == 0 else "     "
                print(textwrap.fill(f"{label}: {words}", 100, initial_indent=lead,
                                    subsequent_indent="       "))
            print()


def cmd_template(args: argparse.Namespace) -> None:
    from exports.borough_template import write_template

    written = write_template(_open_graph(args.path), args.locality, args.output)
    print(f"Wrote the input workbook for {args.locality} to {written}")


def cmd_fill(args: argparse.Namespace) -> None:
    from exports.borough_fill import fill_map
    from models.store import MapStore

    store = MapStore.open(args.path)  # the one command that edits an existing map: all of the workbook or nothing
    try:
        report = fill_map(store, args.workbook, overwrite_newer=args.overwrite_newer)
    finally:
        store.close()
    print(report.summary())


def cmd_merge(args: argparse.Namespace) -> None:
    from models.merge import merge_maps

    report = merge_maps(args.output, args.inputs)
    for line in report.lines():
        print(line)
    if report.conflicts or report.near_duplicates:
        conflicts = "1 conflict" if len(report.conflicts) == 1 else f"{len(report.conflicts)} conflicts"
        twins = ("1 possible duplicate" if len(report.near_duplicates) == 1
                 else f"{len(report.near_duplicates)} possible duplicates")
        print(f"{conflicts} and {twins} to review (listed above).")


def cmd_compare(args: argparse.Namespace) -> None:
    from exports.comparison import write_comparison

    written = write_comparison(_open_graph(args.path), args.output)
    print(f"Wrote the locality comparison to {written}")


def cmd_report(args: argparse.Namespace) -> None:
    import time

    from exports.report import write_report

    started = time.monotonic()

    def progress(what: str) -> None:
        # Quiet for a quick report; a slow one says what it is doing.
        if time.monotonic() - started > 1.0:
            print(f"circle-of-need: writing {what}…", file=sys.stderr, flush=True)

    graph, since = _graph_since(args.path, args.since)
    result = write_report(graph, args.output, stages=args.stage, localities=args.locality, progress=progress,
                          since=since)
    print(f"Wrote the report to {result.path}"
          + (f", with what changed since “{since.name}”" if since is not None else ""))


def _graph_since(path: str, name: str | None):
    """The map's graph and what changed since the snapshot `name` (default: the latest, when there is one)."""
    import datetime as dt

    from exports.report import Since
    from models import snapshots
    from models.graph import build_graph
    from models.store import MapStore

    store = MapStore.open(path, read_only=True)
    try:
        graph = build_graph(store)
        chosen = snapshots.find_snapshot(store, name) if name else snapshots.latest_snapshot(store)
        if chosen is None:
            return graph, None
        today = dt.date.today()
        lines = snapshots.changes_since(store, graph, chosen.id, today)
        return graph, Since(chosen.name, chosen.taken_at.date(), tuple(lines))
    finally:
        store.close()


def cmd_picture(args: argparse.Namespace) -> None:
    from exports.pictures import save_picture
    from exports.report_data import find

    graph = _open_graph(args.path)
    stage = find(graph, "stage", [args.stage], "stage")[0]
    target = save_picture(graph, stage, args.output, _locality(graph, args.locality))
    print(f"Wrote the picture of {graph.nodes[stage]['name']} to {target}")


def _taken(snapshot) -> str:
    from models.snapshots import day_words

    return f"{day_words(snapshot.taken_at)} at {snapshot.taken_at:%H:%M}"


def _how_to_snapshot(path: str) -> str:
    shown = f'"{path}"' if " " in path else path
    return f'take one with: circle-of-need snapshot {shown} --name "PLG 14 November 2011"'


def cmd_snapshot(args: argparse.Namespace) -> None:
    from models import snapshots
    from models.store import MapStore

    if (args.rename is None) != (args.to is None):
        raise MapError("Rename a snapshot with both --rename OLD and --to NEW.")
    store = MapStore.open(args.path, read_only=args.list)  # listing only reads
    try:
        if args.list:
            found = snapshots.list_snapshots(store)
            if not found:
                print(f"{Path(args.path).name} has no snapshots yet; {_how_to_snapshot(args.path)}")
            for snapshot in found:
                print(f"{snapshot.name} — taken {_taken(snapshot)}")
        elif args.name is not None:
            change = snapshots.take_snapshot(store, args.name)
            taken = snapshots.find_snapshot(store, change.created[1])
            print(f"Marked {Path(args.path).name} as reported (snapshot “{taken.name}”, taken {_taken(taken)})")
        elif args.rename is not None:
            old = snapshots.find_snapshot(store, args.rename)
            snapshots.rename_snapshot(store, old.id, args.to)
            print(f"Renamed snapshot “{old.name}” to “{snapshots.find_snapshot(store, old.id).name}”")
        else:
            old = snapshots.find_snapshot(store, args.delete)
            snapshots.delete_snapshot(store, old.id)
            print(f"Deleted snapshot “{old.name}” (taken {_taken(old)}); the map itself is unchanged")
    finally:
        store.close()


def cmd_changes(args: argparse.Namespace) -> None:
    import datetime as dt

    from models import snapshots
    from models.graph import build_graph
    from models.snapshots import HEADINGS, day_words
    from models.store import MapStore

    store = MapStore.open(args.path, read_only=True)
    try:
        if args.since is not None:
            snapshot = snapshots.find_snapshot(store, args.since)
        else:
            snapshot = snapshots.latest_snapshot(store)
            if snapshot is None:
                raise MapError(f"{Path(args.path).name} has no snapshot to compare with yet; "
                               f"{_how_to_snapshot(args.path)}")
        lines = snapshots.changes_since(store, build_graph(store), snapshot.id, dt.date.today())
    finally:
        store.close()
    since = f"“{snapshot.name}” (taken {day_words(snapshot.taken_at)})"
    if not lines:
        print(f"Nothing has changed since {since}.")
        return
    print(f"Changes since {since}")
    kind = None
    for line in lines:  # most important first, so each kind's lines come together
        if line.kind != kind:
            kind = line.kind
            print(f"\n{HEADINGS.get(kind, kind.capitalize())}")
        print(f"  {line.words}")


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
    parser.add_argument("--version", action="version", version=f"%(prog)s {logbook.version()}",
                        help="say which version this is, and stop")
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
    sub = add("asks", cmd_asks, "Print the asks by who must act — national bodies, Greater Manchester, each "
                                "locality — most important first.")
    sub.add_argument("path", help="the .needmap file")
    sub.add_argument("--level", choices=("national", "gm", "local"), type=str.lower,
                     help="one level (default: all three)")
    sub.add_argument("--locality", metavar="NAME", help="only the asks that would help this locality")
    sub = add("template", cmd_template, "Write a borough's input workbook: one row per data item to fill in.")
    sub.add_argument("path", help="the .needmap file")
    sub.add_argument("--locality", metavar="NAME", required=True, help="the locality (borough) it is for")
    sub.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    sub = add("fill", cmd_fill, "Read a borough's filled-in input workbook into the map (all of it or nothing).")
    sub.add_argument("path", help="the .needmap file to update")
    sub.add_argument("workbook", help="the borough's .xlsx made by `template`")
    sub.add_argument("--overwrite-newer", action="store_true",
                     help="take the workbook's answers even where the map has changed them since it was written")
    sub = add("merge", cmd_merge, "Bring several maps into one new map, matching by name; conflicts are listed.")
    sub.add_argument("output", help="the new .needmap file (never an existing one)")
    sub.add_argument("inputs", nargs="+", help="the maps to merge (two or more); the first wins a conflict")
    sub = add("compare", cmd_compare, "Write the locality comparison workbook: the matrix, who has solved it, "
                                      "the asks by who must act.")
    sub.add_argument("path", help="the .needmap file")
    sub.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    sub = add("report", cmd_report, "Write the blockage report for the leadership group as an Excel workbook.")
    sub.add_argument("path", help="the .needmap file")
    sub.add_argument("-o", "--output", required=True, help="the .xlsx file to write (an earlier one is replaced)")
    sub.add_argument("--locality", metavar="NAME", action="append",
                     help="a locality to cover; repeat for more (default: every locality)")
    sub.add_argument("--stage", metavar="NAME", action="append",
                     help="a stage to cover; repeat for more (default: every stage)")
    sub.add_argument("--since", metavar="NAME",
                     help="say what changed since this snapshot (default: the latest, when the map has one)")
    sub = add("picture", cmd_picture, "Draw the circle of need of a stage as a PNG, SVG or PDF picture.")
    sub.add_argument("path", help="the .needmap file")
    sub.add_argument("--stage", metavar="NAME", required=True, help="the stage to draw")
    sub.add_argument("--locality", metavar="NAME", help="one locality (default: across all localities)")
    sub.add_argument("-o", "--output", required=True, help="the picture to write: .png, .svg or .pdf")
    sub = add("snapshot", cmd_snapshot, "Mark a map as reported (e.g. at a leadership-group meeting): keep the "
                                        "whole map as it stands under a name, to see later what changed since; "
                                        "or list, rename or delete its snapshots.")
    sub.add_argument("path", help="the .needmap file")
    what = sub.add_mutually_exclusive_group(required=True)
    what.add_argument("--name", metavar="NAME", help="take a snapshot with this name, e.g. \"PLG 14 November 2011\"")
    what.add_argument("--list", action="store_true", help="list the map's snapshots, oldest first")
    what.add_argument("--rename", metavar="OLD", help="rename the snapshot OLD (with --to NEW)")
    what.add_argument("--delete", metavar="NAME", help="delete a snapshot (the map itself is unchanged)")
    sub.add_argument("--to", metavar="NEW", help="the new name, with --rename")
    sub = add("changes", cmd_changes, "Print what changed since a snapshot, most important first: newly blocked, "
                                      "overdue, unblocked, improved, done…")
    sub.add_argument("path", help="the .needmap file")
    sub.add_argument("--since", metavar="NAME", help="the snapshot to compare with (default: the latest)")
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
    logbook.record("command", name=args.command, arguments=argv)
    try:
        return args.handler(args) or 0
    except MapInUse as e:  # the command line cannot offer read-only, as the window does
        logbook.problem(f"{args.command}: {e}")
        print(f"circle-of-need: {str(e).split('. ')[0]}. Close it there and try again.", file=sys.stderr)
        return 1
    except MapError as e:
        logbook.problem(f"{args.command}: {e}")
        print(f"circle-of-need: {' '.join(str(e).split())}", file=sys.stderr)  # one line, always
        return 1
    except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing more to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("circle-of-need: stopped.", file=sys.stderr)
        return 130
    except OSError as e:
        logbook.problem(f"{args.command}: {e!r}")
        print(f"circle-of-need: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1


def run() -> int:
    """The program (`circle-of-need`, `python -m app`, the installed app): a worker process the report
    started is sent to its work before the command line is read (its arguments are multiprocessing's own);
    then the log is started, and an error no one caught is logged with its traceback before Python prints it."""
    import multiprocessing

    multiprocessing.freeze_support()
    logbook.start()
    try:
        return main()
    except Exception:
        logbook.error(*sys.exc_info())
        raise
    finally:
        logbook.stop()
