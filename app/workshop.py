"""Workshop mode in the application: each quick-entry line becomes ONE undo step on the map.

models.quick_entry reads the line and finds the names; here the line becomes commands (an agency,
a data item, its need, its access, a blockage, an action) pushed together with push_all, and the
WorkshopWidget is told what was done or why not. `install_workshop(window)` adds F5 / Shift+F5 to
the main window's View menu.

When the wall shows "all localities", lines that record access (! + ~) are refused with a hint
to pick a locality (L or a number on the wall): a room talking about one borough should not
write over the other nine by accident. A `>` action then goes to the item's latest blockage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from app.commands import (
    AccessCommand, AddCommand, EditCommand, MapCommand, NeedCommand, RemoveCommand, push_all, services,
)
from app.document import Document
from app.intents import quoted_reasons
from models import analysis, quick_entry
from models.quick_entry import Entry, Match
from models.vocabulary import ACCESS, CATEGORY, LEVEL

if TYPE_CHECKING:
    from views.workshop import WorkshopWidget

NodeKey = tuple[str, int]


@dataclass(frozen=True)
class Outcome:
    """What a line did: `ok` and the words to show under the bar; or, with `confirm`, a question (the
    message) and what to do if the facilitator says yes (Enter): nothing is done until then."""

    ok: bool
    message: str
    confirm: Callable[[], Outcome] | None = None


def _refused(message: str) -> Outcome:
    return Outcome(False, message)


def _guesses(*matches: Match) -> str:
    said = " ".join(m.hint for m in matches if m.hint and m.key is not None)
    return f" {said}" if said else ""


class LineRunner:
    """Carries out quick-entry lines on a document, at a stage and in a locality."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._error = ""

    def run(self, text: str, stage: NodeKey | None, locality: NodeKey | None) -> Outcome:
        entry = quick_entry.parse(text)
        if entry.kind == "error":
            return _refused(entry.hint)
        if entry.kind in ("help", "timer"):
            return Outcome(True, "")
        if self.document.read_only:
            return _refused(f"{self.document.store.path.name} is open read-only: nothing typed here can be kept.")
        handler = {"add": self._add, "block": self._block, "accessible": self._access, "partial": self._access,
                   "action": self._action, "remove": self._remove}[entry.kind]
        return handler(entry, stage, locality)

    # ---- pushing -----------------------------------------------------------------------------------

    def _push(self, label: str, makers: list[Callable[[], MapCommand]], done: str) -> Outcome:
        self._error = ""

        def caught(message: str) -> None:
            self._error = message

        self.document.error.connect(caught)
        try:
            ok = push_all(self.document, f"Workshop: {label}", makers)
        finally:
            self.document.error.disconnect(caught)
        return Outcome(True, done) if ok else _refused(self._error or "That line was refused.")

    # ---- the kinds of line ---------------------------------------------------------------------------

    def _add(self, entry: Entry, stage: NodeKey | None, locality: NodeKey | None) -> Outcome:
        graph, document = self.document.graph, self.document
        if stage is None:
            return _refused("This map has no stage yet: add one in the main window first.")
        stage_name = analysis.name(graph, stage)
        item = quick_entry.find_item_to_add(graph, entry.item)
        agency = quick_entry.find_agency(graph, entry.holder) if entry.holder else None
        if agency is not None and agency.how == "ambiguous":
            return _refused(agency.hint)
        makers: list[Callable[[], MapCommand]] = []
        made: dict[str, AddCommand] = {}
        words: list[str] = []
        holder_id = agency.key[1] if agency is not None and agency.key is not None else None
        if agency is not None and agency.key is None:
            holder_name = quick_entry.tidy(entry.holder)

            def make_agency() -> MapCommand:
                made["agency"] = AddCommand(document, f"Add agency “{holder_name}”", services.add_agency,
                                            name=holder_name)
                return made["agency"]

            makers.append(make_agency)
            words.append(f"held by {holder_name} (a new agency)")
        elif agency is not None:
            words.append(f"held by {analysis.name(graph, agency.key)}")

        def holder() -> int | None:
            return made["agency"].created[1] if "agency" in made else holder_id

        changes_holder = False
        if item.key is None:
            name = quick_entry.tidy(entry.item)

            def make_item() -> MapCommand:
                extra = {"holder_id": holder()} if holder() is not None else {}
                made["item"] = AddCommand(document, f"Add data item “{name}”", services.add_item, name=name,
                                          **extra)
                return made["item"]

            makers.append(make_item)
            makers.append(lambda: NeedCommand(document, "Need", stage[1], made["item"].created[1], entry.text))
            done = f"Added “{name}” to {stage_name}"
        else:
            name = analysis.name(graph, item.key)
            current = analysis.holder(graph, item.key)
            needed = item.key in graph.adj[stage]
            changes_holder = agency is not None and (agency.key is None or agency.key != current)
            if needed and not changes_holder:
                return _refused(f"“{name}” is already in the circle of {stage_name}.{_guesses(item)}")
            if changes_holder:
                before = f" (was {analysis.name(graph, current)})" if current is not None else ""
                words[-1] += before
                makers.append(lambda: EditCommand(document, "Holder", services.edit_item, item.key[1],
                                                  {"holder_id": holder()}))
            if not needed:
                makers.append(lambda: NeedCommand(document, "Need", stage[1], item.key[1], entry.text))
                done = f"Added “{name}” (already in the map) to {stage_name}"
            else:
                done = f"“{name}”"
        message = ", ".join([done, *words]) + "." + _guesses(item, *(a for a in [agency] if a))
        push = lambda: self._push(f"Add “{entry.item}”", makers, message)  # noqa: E731
        if item.key is not None and item.how == "close" and changes_holder:
            # A name only like one in the map would move that item to another holder: ask first.
            holder_name = quick_entry.tidy(entry.holder) if agency.key is None else analysis.name(graph, agency.key)
            return Outcome(True, f"“{entry.item}” is not in the map; change “{name}” to be held by {holder_name}?  "
                                 f"Enter to confirm, Esc to keep it as it is.", confirm=push)
        return push()

    def _remove(self, entry: Entry, stage: NodeKey | None, _locality: NodeKey | None) -> Outcome:
        """Take an item typed by mistake out of the circle shown; the item, its access and blockages stay.
        The name as the wall shows it is enough; a name only like one (a typo) is asked about first."""
        graph = self.document.graph
        if stage is None:
            return _refused("This map has no stage yet.")
        found = quick_entry.find_item_to_remove(graph, entry.item, stage)
        if found.key is None:
            return _refused(found.hint)
        stage_name = analysis.name(graph, stage)
        name = analysis.name(graph, found.key)
        document = self.document

        def remove() -> Outcome:
            if not document.graph.has_edge(stage, found.key):
                return _refused(f"“{name}” is no longer in {stage_name}'s circle.")
            maker = lambda: RemoveCommand(document, "Take out", services.drop_need, stage[1], found.key[1])  # noqa: E731
            return self._push(f"Take “{name}” out", [maker],
                              f"Took “{name}” out of {stage_name} (it stays in the map; Ctrl+Z puts it back).")

        if found.how == "close":
            return Outcome(True, f"Take “{name}” out of {stage_name}?  Enter to confirm, Esc to keep it.",
                           confirm=remove)
        return remove()

    def _item(self, entry: Entry, stage: NodeKey | None) -> tuple[Match, str]:
        found = quick_entry.find_item(self.document.graph, entry.item, stage)
        if found.key is None:
            extra = " Add it first by typing its name (and @ its holder)." if found.how == "none" else ""
            return found, found.hint + extra
        return found, ""

    def _item_in(self, entry: Entry, stage: NodeKey | None, locality: NodeKey | None) -> tuple[Match, str]:
        """The item a line about access names, or why not: no one locality shown, or no such item."""
        if locality is None:
            return Match(None, "none"), ("The wall shows all localities: pick one (Tab, then L or a number key), "
                                         "then press Enter: the line waits in the bar.")
        return self._item(entry, stage)

    def _block(self, entry: Entry, stage: NodeKey | None, locality: NodeKey | None) -> Outcome:
        found, problem = self._item_in(entry, stage, locality)
        if problem:
            return _refused(problem)
        graph, document = self.document.graph, self.document
        item, where = found.key, analysis.name(graph, locality)
        name = analysis.name(graph, item)
        makers: list[Callable[[], MapCommand]] = [
            lambda: AccessCommand(document, "Blocked", item[1], locality[1], "blocked", said_on=dt.date.today())]
        if not entry.text:
            message = f"“{name}” marked blocked in {where}. Say why with !{name}: the reason."
        else:
            for blockage in analysis.blockages_of(graph, item, locality):
                data = graph.nodes[blockage]
                if data["locality_id"] == locality[1] and quick_entry.fold(data["reason"]) == quick_entry.fold(
                        entry.text):
                    return _refused(f"That reason is already recorded for “{name}” in {where}.")
            makers.append(lambda: AddCommand(document, "Blockage", services.add_blockage, item[1], locality[1],
                                             entry.category, entry.text))
            how = "" if entry.category_given else " (guessed from the words; add [legal], [consent]… to choose)"
            message = (f"“{name}” blocked in {where}: {entry.text} — {CATEGORY.label(entry.category)}"
                       f"{how}.")
        message += self._outside(item, stage) + _guesses(found)
        return self._push(f"Block “{name}” in {where}", makers, message)

    def _access(self, entry: Entry, stage: NodeKey | None, locality: NodeKey | None) -> Outcome:
        found, problem = self._item_in(entry, stage, locality)
        if problem:
            return _refused(problem)
        graph, document = self.document.graph, self.document
        item, where, status = found.key, analysis.name(graph, locality), entry.kind
        name = analysis.name(graph, item)
        said_by = entry.text

        def make() -> MapCommand:
            return AccessCommand(document, ACCESS.label(status), item[1], locality[1], status, said_by=said_by,
                                 said_on=dt.date.today())

        who = f" (said by {said_by})" if said_by else ""
        still = self._still_blocking(item, locality) if status == "accessible" else "."
        message = f"“{name}” {ACCESS.label(status).lower()} in {where}{who}{still}" + self._outside(item, stage)
        return self._push(f"Mark “{name}” {ACCESS.label(status).lower()} in {where}", [make],
                          message + _guesses(found))

    def _action(self, entry: Entry, stage: NodeKey | None, locality: NodeKey | None) -> Outcome:
        found, problem = self._item(entry, stage)
        if problem:
            return _refused(problem)
        graph, document = self.document.graph, self.document
        item = found.key
        name = analysis.name(graph, item)
        blockages = analysis.blockages_of(graph, item, locality)
        if not blockages:
            where = f" in {analysis.name(graph, locality)}" if locality else ""
            return _refused(f"No blockage of “{name}” is recorded{where} for an action to unblock: "
                            f"first type !{name}: why it is blocked.")
        # The blockage recorded in this very locality, else one recorded everywhere; the latest of them.
        here = [b for b in blockages if locality is not None and graph.nodes[b]["locality_id"] == locality[1]]
        blockage = (here or blockages)[-1]
        level = entry.level
        how = "" if entry.level_given else " (add (gm) or (national) for another level)"

        def make() -> MapCommand:
            return AddCommand(document, "Action", services.add_action, blockage[1], entry.text, level)

        reason = graph.nodes[blockage]["reason"]
        message = (f"Action for “{name}” ({reason}): {entry.text} — {LEVEL.label(level)}{how}."
                   + _guesses(found))
        return self._push(f"Action for “{name}”", [make], message)

    def _still_blocking(self, item: NodeKey, locality: NodeKey) -> str:
        """Accessible while a blockage is still recorded there is a contradiction `check` would find later
        (partly accessible with one is a fair account): say which, and where to remove it. Short, as the
        answer under the bar has two lines."""
        found = analysis.blockages_of(self.document.graph, item, locality)
        if not found:
            return "."
        reasons = quoted_reasons(self.document.graph, found, cut=45, most=1, national=" (every locality)")
        it = "it" if len(found) == 1 else "them"
        return (f"; still recorded as blocking it: {reasons} — remove {it} in the window's Blockages table "
                f"(Esc).")

    def _outside(self, item: NodeKey, stage: NodeKey | None) -> str:
        if stage is not None and item not in self.document.graph.adj[stage]:
            return f" (It is not in the circle of {analysis.name(self.document.graph, stage)}.)"
        return ""


class WorkshopSession(QObject):
    """A WorkshopWidget on the wall, wired to a document for as long as it is open."""

    def __init__(self, document: Document, widget: WorkshopWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document, self.widget = document, widget
        self.runner = LineRunner(document)
        widget.entry_submitted.connect(self.submit)
        widget.undo_requested.connect(self.undo)
        widget.redo_requested.connect(self.redo)
        document.changed.connect(self._changed)
        document.destroyed.connect(widget.close)  # the map was closed under the wall
        widget.finished.connect(self._end)

    def _changed(self, change) -> None:
        self.widget.sync(self.document.graph, change)

    def _end(self) -> None:
        try:
            self.document.changed.disconnect(self._changed)
        except (RuntimeError, TypeError):
            pass

    def submit(self, text: str) -> None:
        entry = quick_entry.parse(text)
        widget = self.widget
        if entry.kind == "help":
            widget.toggle_grammar()
            widget.accept_line("")
            return
        if entry.kind == "timer":
            box = widget.timebox
            if entry.text == "set":
                from views.workshop_parts import duration  # loaded with the wall, not at start-up

                box.set_minutes(entry.minutes)
                widget.show_result(f"Timer set to {duration(entry.minutes)} and started (T on the wall pauses).",
                                   ok=True)
            elif entry.text == "reset":
                box.reset()
                widget.show_result("Timer reset.", ok=True)
            else:
                box.toggle()
                widget.show_result("Timer running." if box.running else "Timer paused.", ok=True)
            widget.accept_line(text)
            return
        outcome = self.runner.run(text, widget.stage, widget.locality)
        if outcome.confirm is not None:
            widget.ask(text, outcome.message, lambda: self._answer(text, outcome.confirm))
            return
        self._show(text, outcome)

    def _answer(self, text: str, confirm: Callable[[], Outcome]) -> None:
        """Yes (Enter) to a question: now do what the line asked."""
        self._show(text, confirm())

    def _show(self, text: str, outcome: Outcome) -> None:
        widget = self.widget
        widget.show_result(outcome.message, outcome.ok)
        if outcome.ok:
            widget.accept_line(text)
        else:
            widget.refuse_line()

    def undo(self) -> None:
        self._step_history(back=True)

    def redo(self) -> None:
        self._step_history(back=False)

    def _step_history(self, back: bool) -> None:
        """Ctrl+Z / Ctrl+Shift+Z on the wall: one step of the map's undo history, said under the bar."""
        stack = self.document.undo_stack
        if not (stack.canUndo() if back else stack.canRedo()):
            self.widget.show_result(f"Nothing to {'undo' if back else 'redo'}.", ok=False)
            return
        text = stack.undoText() if back else stack.redoText()
        stack.undo() if back else stack.redo()
        done = "Undone" if back else "Redone"
        self.widget.show_result(f"{done}: {text.removeprefix('Workshop: ')}.", ok=True)


def start_workshop(document: Document, stage_id: int | None = None, locality: NodeKey | None = None,
                   full_screen: bool = True) -> WorkshopSession:
    """Put the map on the wall; the session lives as long as its widget."""
    from views.workshop import WorkshopWidget  # the wall's views load on the first F5, not at start-up

    widget = WorkshopWidget(document.graph, stage_id, locality)
    session = WorkshopSession(document, widget, widget)
    if full_screen:
        widget.start()
    return session


def install_workshop(window) -> None:
    """F5 (from the first stage) and Shift+F5 (from the stage shown) in the main window's View menu."""

    def begin(current: bool) -> None:
        document = window.document
        if document is None:
            window.show_message("Open a map first: workshop mode puts the open map on the wall.")
            return
        scene = window.diagram.scene if window.diagram is not None else None
        stage_id = scene.stage_id if current and scene is not None else None
        if not current:
            stages = [k for k in document.graph if k[0] == "stage"]
            stages.sort(key=lambda k: (document.graph.nodes[k]["position"], k[1]))
            stage_id = stages[0][1] if stages else None
        locality = scene.locality if scene is not None else None
        session = start_workshop(document, stage_id, locality)
        window.workshop = session
        session.widget.finished.connect(lambda: back(session))

    def back(session: WorkshopSession) -> None:
        """Back at the desk: the window shows the stage and locality the wall showed last."""
        if window.workshop is session:
            # Kept (closed) until the next start: dropping the last reference here, inside the
            # widget's own closeEvent, would delete it under Qt's feet.
            window.workshop, window.ended_workshop = None, session
        if not shiboken6.isValid(window):
            return
        panel, wall = window.diagram, session.widget
        if panel is None or not shiboken6.isValid(panel) or window.document is not session.document \
                or not shiboken6.isValid(wall) or wall.stage is None:
            return  # the map (or the window) was closed under the wall: nothing to show it in
        stage, locality = wall.stage[1], wall.locality
        panel.scene.show_stage(stage)
        panel.show_locality(locality)  # as a user's pick: the picker and the inspector follow too

    window.workshop = window.ended_workshop = None
    window.workshop_action = QAction("&Workshop mode", window)
    window.workshop_action.setObjectName("workshop_mode")
    window.workshop_action.setShortcut(QKeySequence("F5"))
    window.workshop_action.setStatusTip("Put the map on the wall, full screen, from the first stage")
    window.workshop_action.triggered.connect(lambda: begin(False))
    window.workshop_here_action = QAction("Workshop mode from &this stage", window)
    window.workshop_here_action.setObjectName("workshop_mode_here")
    window.workshop_here_action.setShortcut(QKeySequence("Shift+F5"))
    window.workshop_here_action.setStatusTip("Put the map on the wall, full screen, from the stage shown")
    window.workshop_here_action.triggered.connect(lambda: begin(True))
    window.view_menu.addSeparator()
    window.view_menu.addAction(window.workshop_action)
    window.view_menu.addAction(window.workshop_here_action)
