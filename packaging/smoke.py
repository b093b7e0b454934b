"""Run the built app as a user would, from a folder with a space and accents in its name, with a home folder of
its own: every job of the command line, then the window on the sample (a report exported from it, with the
worker process the window starts) closed cleanly. `make package-test`; in CI on Linux, Windows and macOS.

    python packaging/smoke.py [dist/circle-of-need]

Exits non-zero, saying what failed, at the first thing that is not as a user should see it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = "Identification of need"
# Lines that would mean the program misread its own command line, or failed, e.g. a worker process started
# again as the whole program: "error: argument COMMAND: invalid choice: …".
BAD_WORDS = ("usage:", "error", "invalid choice", "unrecognized arguments", "traceback", "exception")
# What Qt says on stderr with QT_QPA_PLATFORM=offscreen, that is no fault of the app.
QT_OFFSCREEN_NOTES = ("This plugin does not support propagateSizeHints()",)


class Failed(Exception):
    pass


def program(folder: Path) -> Path:
    name = "circle-of-need.exe" if sys.platform == "win32" else "circle-of-need"
    path = folder / name
    if not path.is_file():
        raise Failed(f"no program at {path}: run `make package` first")
    return path


def run(exe: Path, *args: str | Path, env: dict[str, str], cwd: Path, expect: str = "") -> subprocess.CompletedProcess:
    shown = " ".join(str(a) for a in args)
    done = subprocess.run([str(exe), *map(str, args)], check=False, capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd)
    if done.returncode != 0:
        raise Failed(f"`circle-of-need {shown}` exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    bad = [line for line in done.stderr.splitlines()
           if line.strip() and line.strip() not in QT_OFFSCREEN_NOTES
           and any(word in line.lower() for word in BAD_WORDS)]
    if bad:
        raise Failed(f"`circle-of-need {shown}` said on stderr:\n" + "\n".join(bad))
    if expect not in done.stdout:
        raise Failed(f"`circle-of-need {shown}` did not say “{expect}”:\n{done.stdout}")
    print(f"ok  circle-of-need {shown}")
    return done


def starts_with(path: Path, magic: bytes) -> None:
    if not path.is_file() or not path.read_bytes().startswith(magic):
        raise Failed(f"{path.name} is not what it should be (wanted it to start with {magic!r})")


def workbook_sheets(path: Path) -> list[str]:
    from openpyxl import load_workbook

    return load_workbook(path, read_only=True).sheetnames


def smoke(folder: Path, work: Path) -> None:
    exe = program(folder)
    home = work / "Home – Ünïcode"
    here = work / "Cartes Wigan – é"
    for made in (home, here):
        made.mkdir(parents=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "USERPROFILE": str(home),
           "APPDATA": str(home / "AppData" / "Roaming"), "LOCALAPPDATA": str(home / "AppData" / "Local"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CACHE_HOME": str(home / "cache"), "PYTHONIOENCODING": "utf-8"}
    env.pop("CIRCLE_OF_NEED_CHECK", None)

    from importlib.metadata import version

    run(exe, "--version", env=env, cwd=here, expect=f"circle-of-need {version('circle-of-need')}")
    the_map = here / "Carte de Wigan é.needmap"
    run(exe, "new", the_map, "--sample", "greater-manchester", env=env, cwd=here, expect="Created")
    run(exe, "summary", the_map, env=env, cwd=here, expect=STAGE)
    run(exe, "summary", the_map, "--locality", "Wigan", env=env, cwd=here, expect="Wigan")

    report = here / "Rapport – PLG.xlsx"
    run(exe, "report", the_map, "-o", report, env=env, cwd=here, expect="Wrote the report")
    sheets = workbook_sheets(report)
    if len(sheets) < 5:
        raise Failed(f"the report has only the sheets {sheets}")
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        picture = here / f"Cercle é{suffix}"
        run(exe, "picture", the_map, "--stage", STAGE, "-o", picture, env=env, cwd=here, expect="Wrote the picture")
        starts_with(picture, magic)
    comparison = here / "Comparaison é.xlsx"
    run(exe, "compare", the_map, "-o", comparison, env=env, cwd=here, expect="Wrote the locality comparison")
    workbook_sheets(comparison)

    borough = here / "Wigan – à remplir.xlsx"
    run(exe, "template", the_map, "--locality", "Wigan", "-o", borough, env=env, cwd=here, expect="Wrote the input")
    from openpyxl import load_workbook

    book = load_workbook(borough)
    sheet = book["Wigan"]
    status = sheet.cell(2, 4)  # the first data item's status in Wigan, as a borough would change it
    status.value = "Accessible" if status.value != "Accessible" else "Blocked"
    book.save(borough)
    run(exe, "fill", the_map, borough, env=env, cwd=here, expect="1 status changed")
    run(exe, "check", the_map, env=env, cwd=here, expect="is sound")

    # The window, offscreen, on the user's copy of the sample: a report exported from it as File ▸ Export report
    # does (the window starts its worker process with "spawn", i.e. this program started again), then closed.
    exported = here / "Depuis la fenêtre"
    exported.mkdir()
    window = run(exe, "--sample", "greater-manchester", env={**env, "CIRCLE_OF_NEED_CHECK": str(exported)},
                 cwd=here, expect="worker process: started and ended")
    if "report: written" not in window.stdout:
        raise Failed(f"the window did not write its report:\n{window.stdout}")
    workbook_sheets(next(exported.glob("*.xlsx")))
    leftovers = [p.name for p in home.rglob("*") if p.name.startswith(".~lock") or p.name.endswith("-journal")]
    if leftovers:
        raise Failed(f"the window left {leftovers} behind: the map was not closed cleanly")
    logs = list(home.rglob("circle-of-need.log"))
    if len(logs) != 1:
        raise Failed(f"wanted one log file in the data folder, found {logs}")
    log = logs[0].read_text(encoding="utf-8")
    # Qt finds the data folder of Windows and macOS through the system, not HOME or APPDATA: there the window
    # writes its log (and the sample copy) in the real user's folder, and only the commands' log is here.
    events = ["start", "command name='report'"]
    if sys.platform.startswith("linux"):
        events += ["window", "check worker_exit=0"]
    for event in events:
        if event not in log:
            raise Failed(f"the log has no “{event}”:\n{log}")
    print(f"ok  the window, and the log at {logs[0].relative_to(home)}")


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "dist" / "circle-of-need"
    work = Path(tempfile.mkdtemp(prefix="circle-of-need smoke "))
    try:
        smoke(folder.resolve(), work)
    except Failed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("The built app does every job it was asked to.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
