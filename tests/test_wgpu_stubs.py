"""Check that the hand-written wgpu type stubs (stubs/wgpu) match the runtime.

Runs ``python -m mypy.stubtest wgpu`` against the installed wgpu package.
Names that the stubs deliberately omit are fine (``--ignore-missing-stub``);
every name the stubs *do* declare must exist at runtime with matching
argument names, kinds and defaults. Deliberate deviations are listed (with
reasons) in stubs/stubtest-allowlist.txt.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
STUBS_DIR = REPO_ROOT / "stubs"
ALLOWLIST = STUBS_DIR / "stubtest-allowlist.txt"


def test_wgpu_stubs_match_runtime(tmp_path: Path) -> None:
    # A minimal, isolated mypy config so that the project's own mypy settings
    # (files=, plugins, per-module overrides) cannot influence stubtest.
    config = tmp_path / "stubtest-mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")

    env = dict(os.environ)
    env["MYPYPATH"] = str(STUBS_DIR)
    env.setdefault("XDG_RUNTIME_DIR", str(tmp_path))

    cmd = [
        sys.executable,
        "-m",
        "mypy.stubtest",
        "wgpu",
        "--ignore-missing-stub",
        "--allowlist",
        str(ALLOWLIST),
        "--mypy-config-file",
        str(config),
    ]
    proc = subprocess.run(
        cmd,
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"stubtest failed (exit code {proc.returncode}):\n{output}"
