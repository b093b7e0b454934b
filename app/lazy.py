"""Modules loaded on first use, so that the window appears before the slow libraries are read."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """`name` as a module that is executed only when one of its attributes is first used (the standard
    library's LazyLoader). The services load SQLAlchemy, half a second of start-up: a map is opened and
    drawn without them, and they are loaded in the background once the window shows (app.main)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
