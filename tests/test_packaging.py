"""The packaging files: the frozen entry reads no command line before multiprocessing has seen it, the spec
carries what the app loads lazily, the icon's sizes, the file association on every platform, and that the smoke
test catches a program that misreads its arguments. (`make package-test` builds and runs the real thing.)"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"

def _load_smoke():
    """packaging/smoke.py (packaging/ is not a package: it would hide the `packaging` library)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("circle_of_need_smoke", PACKAGING / "smoke.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


smoke = _load_smoke()


def test_the_frozen_entry_calls_freeze_support_before_anything_else():
    tree = ast.parse((PACKAGING / "circle_of_need.py").read_text(encoding="utf-8"))
    main_block = next(node for node in tree.body if isinstance(node, ast.If))
    first = main_block.body[0]
    assert ast.unparse(first) == "multiprocessing.freeze_support()"
    assert "run()" in ast.unparse(main_block.body[-1])


def test_the_spec_names_what_the_app_loads_only_when_asked():
    spec = (PACKAGING / "circle-of-need.spec").read_text(encoding="utf-8")
    for needed in ("sqlalchemy.dialects.sqlite", "backend_svg", "backend_pdf", "backend_agg", "openpyxl",
                   "xlsxwriter", "defusedxml", "greater-manchester.json", "README.md", "copy_metadata",
                   "circle_of_need.py", "CFBundleDocumentTypes", "needmap"):
        assert needed in spec, needed
    lazily = {"sample_maps"} | {p.stem for p in (ROOT / "sample_maps").glob("*.json")}
    assert lazily == {"sample_maps", "greater-manchester"}  # a new sample must be added to the spec too


def test_the_icon_is_drawn_at_every_size_each_platform_wants():
    from PIL import Image

    icons = PACKAGING / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(icons / f"circle-of-need-{size}.png") as png:
            assert png.size == (size, size)
            centre = png.convert("RGBA").getpixel((size // 2, size // 2))
            assert centre[3] == 255 and centre[2] > centre[0]  # the calm blue centre of the circle
    with Image.open(icons / "circle-of-need.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons / "circle-of-need.icns") as icns:
        assert icns.size == (1024, 1024)


def test_needmap_files_belong_to_the_app_on_linux_windows_and_macos():
    desktop = (PACKAGING / "linux" / "circle-of-need.desktop").read_text(encoding="utf-8")
    mime = ET.parse(PACKAGING / "linux" / "circle-of-need-mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime.find("m:mime-type", ns)
    assert kind.get("type") == "application/x-needmap" and kind.find("m:glob", ns).get("pattern") == "*.needmap"
    assert f"MimeType={kind.get('type')};" in desktop and "Icon=circle-of-need" in desktop
    inno = (PACKAGING / "windows" / "circle-of-need.iss").read_text(encoding="utf-8")
    assert 'Subkey: "Software\\Classes\\.needmap"' in inno and "PrivilegesRequired=lowest" in inno
    assert "DefaultIcon" in inno and "[Icons]" in inno and "{uninstallexe}" in inno
    for source in ("..\\icons\\circle-of-need.ico", "..\\..\\LICENSE"):
        assert source in inno and (PACKAGING / "windows" / source.replace("\\", "/")).is_file()


def fake_program(tmp_path: Path, stderr: str, stdout: str = "") -> Path:
    script = tmp_path / "fake.py"
    script.write_text(f"import sys\nprint({stdout!r})\nprint({stderr!r}, file=sys.stderr)\n", encoding="utf-8")
    return Path(sys.executable), script


@pytest.mark.parametrize("said", [
    "circle-of-need: error: argument COMMAND: invalid choice: 'tracker_fd=8' (choose from 'new', 'import')",
    "usage: circle-of-need [-h] [--sample NAME] [--version] COMMAND ...",
    "Traceback (most recent call last):",
])
def test_the_smoke_test_fails_a_program_that_misreads_its_arguments(tmp_path, said):
    python, script = fake_program(tmp_path, said, "Wrote the report")
    with pytest.raises(smoke.Failed, match="said on stderr"):
        smoke.run(python, script, env={}, cwd=tmp_path, expect="Wrote the report")


def test_the_smoke_test_lets_through_what_qt_says_offscreen(tmp_path):
    python, script = fake_program(tmp_path, "This plugin does not support propagateSizeHints()", "Wrote it")
    assert smoke.run(python, script, env={}, cwd=tmp_path, expect="Wrote it").returncode == 0
