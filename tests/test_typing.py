"""The static ownership rules of docs/architecture.md, "Ownership", checked by running mypy over tests/typing.

Each snippet there marks every line mypy must reject with ``# type: ignore[code]``
and checks what it must infer with ``assert_type``. Run with ``--warn-unused-ignores``,
a rule mypy stops enforcing shows up as an unused ignore, a wrong inference or a new
error as an error: either way the result is no longer clean. This is how numpy and
typeshed test their types.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = REPO_ROOT / "tests" / "typing"

# The repo's mypy.ini settings, less its files and its exclude of tests/typing; the optional
# extras streamlib imports (untyped, or absent where the extra is not installed) stay ignored.
CONFIG = """\
[mypy]
python_version = 3.11
mypy_path = {stubs}:{src}
strict = True
warn_unreachable = True
warn_unused_ignores = True
enable_error_code = ignore-without-code, redundant-expr, truthy-bool

[mypy-av.*,glfw.*,rendercanvas.*,cv2.*]
ignore_missing_imports = True
"""


def test_mypy_enforces_the_ownership_rules(tmp_path: Path) -> None:
    config = tmp_path / "mypy.ini"
    config.write_text(CONFIG.format(stubs=REPO_ROOT / "stubs", src=REPO_ROOT / "src"), encoding="utf-8")
    snippets = sorted(SNIPPETS.glob("*.py"))
    assert len(snippets) >= 7, f"typing snippets missing from {SNIPPETS}"

    # A subprocess, not mypy.api.run: in-process mypy leaves so many objects behind that every
    # later gc.collect() (the leak check runs one per test) takes a second.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--show-error-codes",
            *map(str, snippets),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    report = result.stdout + result.stderr
    if result.returncode != 0 or report:
        pytest.fail(f"mypy over {SNIPPETS} is not clean (exit {result.returncode}):\n{report}", pytrace=False)


def _basedpyright() -> str:
    """The basedpyright executable of this environment (the dev extra pins it; it ships its own node)."""
    found = shutil.which("basedpyright", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("basedpyright is not installed: pip install -e '.[dev]'", pytrace=False)
    return found


def test_pyright_enforces_the_same_rules(tmp_path: Path) -> None:
    """The same snippets under basedpyright, strict: each ``# type: ignore`` line must be an error there
    too (an unnecessary one is reported) and nothing else may be. mypy's files are the contract; a line
    only pyright rejects would carry a ``# pyright: ignore[rule]`` comment (none does today).
    """
    config = {
        "include": [str(SNIPPETS)],
        "extraPaths": [str(REPO_ROOT / "src"), str(REPO_ROOT / "stubs")],
        "stubPath": str(REPO_ROOT / "stubs"),
        "pythonVersion": "3.11",
        "typeCheckingMode": "strict",
        "enableTypeIgnoreComments": True,
        "reportUnnecessaryTypeIgnoreComment": "error",
        # The snippets bind names only to state their types (ruff's F841 is off there too).
        "reportUnusedVariable": "none",
    }
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        [_basedpyright(), "--project", str(tmp_path), "--pythonpath", sys.executable],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = result.stdout + result.stderr
    if result.returncode != 0 or "0 errors, 0 warnings" not in report:
        pytest.fail(f"basedpyright over {SNIPPETS} is not clean (exit {result.returncode}):\n{report}", pytrace=False)
