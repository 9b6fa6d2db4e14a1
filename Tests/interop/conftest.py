"""Shared pytest fixtures for the interop tests (generic: every concern's test_*.py may use them).

GATEHOUSE_BIN names the CLI binary under test. When it is unset the tests that need it are skipped locally, but
FAIL when CI=true, so CI can never silently skip them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
INTEROP_DIR = Path(__file__).resolve().parent
if str(INTEROP_DIR) not in sys.path:
    sys.path.insert(0, str(INTEROP_DIR))  # so tests can `from peers import …`


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def certs_dir(repo_root: Path) -> Path:
    """TEST-ONLY keys and certificates (certs/README.md)."""
    return repo_root / "certs"


@pytest.fixture(scope="session")
def gatehouse_bin() -> str:
    """Path of the gatehouse binary from $GATEHOUSE_BIN (skip locally / fail in CI when missing)."""
    path = os.environ.get("GATEHOUSE_BIN")
    if not path:
        msg = "GATEHOUSE_BIN is not set (export GATEHOUSE_BIN=$PWD/.build/debug/gatehouse after swift build)"
        if _in_ci():
            pytest.fail(msg + " — required when CI=true")
        pytest.skip(msg)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        msg = f"GATEHOUSE_BIN={path} is not an executable file"
        if _in_ci():
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture()
def work_dir(tmp_path: Path) -> Path:
    """A fresh per-test temporary directory (pytest's tmp_path)."""
    return tmp_path
