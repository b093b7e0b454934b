"""The Qt-free core stays Qt-free, and the views never reach into storage or the application."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _loaded_after(imports: list[str]) -> set[str]:
    code = ";".join(f"import {name}" for name in imports) + ";import sys;print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def _packages(folder: str) -> list[str]:
    return [f"{folder}.{p.stem}" for p in sorted((ROOT / folder).glob("*.py")) if p.stem != "__init__"]


@pytest.mark.parametrize("package", ["models", "exports", "sample_maps"])
def test_the_core_loads_no_qt(package):
    if not (ROOT / package).is_dir():
        pytest.skip(f"no {package} package in this build")
    modules = [package] + _packages(package)
    loaded = _loaded_after(modules)
    assert package in loaded
    assert not {m for m in loaded if m.split(".")[0] == "PySide6"}


def test_views_load_no_application():
    loaded = _loaded_after(["views"] + _packages("views"))
    assert "views.diagram_scene" in loaded
    assert not {m for m in loaded if m.split(".")[0] == "app"}


def test_views_own_code_imports_no_storage_and_no_application():
    for path in sorted((ROOT / "views").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] not in ("sqlalchemy", "app"), f"{path.name} imports {name}"
                assert name not in ("models.store", "models.entities"), f"{path.name}: {name}"


def test_views_load_no_storage():
    loaded = _loaded_after(["views"] + _packages("views"))
    assert not {m for m in loaded if m.split(".")[0] == "sqlalchemy"}
