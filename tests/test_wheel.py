"""The built wheel, installed in a fresh virtual environment, types a downstream project.

A user's ``mypy --strict`` must see wgpu's types through streamlib (``tex.raw`` is a
``wgpu.GPUTexture``, ``import wgpu`` is typed): the wheel ships ``wgpu-stubs``, a PEP 561
stub-only package built from stubs/wgpu. This builds the wheel from a copy of the sources,
installs it with ``--no-deps`` into a plain venv (no network, no view of this checkout) whose
only other packages are this environment's numpy, wgpu and typing_extensions, added by a
``.pth`` file, and runs mypy there without any configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("src", "stubs", "pyproject.toml", "README.md", "LICENSE")
# The runtime dependencies (pyproject.toml), taken from this environment instead of an index.
DEPENDENCIES = ("numpy", "numpy.libs", "wgpu", "typing_extensions.py")

DOWNSTREAM = """\
from typing import assert_type

import wgpu

import streamlib as sl


def describe(gpu: sl.GpuContext, tex: sl.OwnedTexture) -> str:
    assert_type(tex.raw, wgpu.GPUTexture)
    assert_type(gpu.raw_device, wgpu.GPUDevice)
    width: int = tex.raw.width
    device: wgpu.GPUDevice = gpu.raw_device
    return f"{width} {device.label}"
"""

pytestmark = pytest.mark.packaging


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH or MYPYPATH from the caller: the downstream project sees only its venv.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (a build writes build/ and egg-info beside them)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in SOURCES:
        path = REPO_ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
        else:
            shutil.copy2(path, source / name)
    out = tmp / "dist"
    build = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        tmp,
    )
    assert build.returncode == 0, f"building the wheel failed:\n{build.stdout}\n{build.stderr}"
    # setuptools warns (SetuptoolsDeprecationWarning) about a license table instead of an SPDX string.
    assert "license" not in build.stderr.lower(), f"the build warns about the license:\n{build.stderr}"
    (built,) = out.glob("streamlib-*.whl")
    return built


def test_the_wheel_holds_every_package_the_stubs_and_the_license(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = sorted(p.parent.relative_to(REPO_ROOT / "src") for p in (REPO_ROOT / "src").rglob("__init__.py"))
    for package in packages:
        assert f"{package.as_posix()}/__init__.py" in names, f"{package} is missing: list it in pyproject.toml"
    stubs = sorted(p.name for p in (REPO_ROOT / "stubs" / "wgpu").glob("*.pyi"))
    assert stubs and all(f"wgpu-stubs/{s}" in names for s in stubs), sorted(n for n in names if "stubs" in n)
    assert "streamlib/py.typed" in names
    metadata = zipfile.ZipFile(wheel).read("streamlib-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_downstream_mypy_strict_sees_wgpu_types_from_the_wheel(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).stdout.strip()
    )
    # Install with this environment's pip, targeting the fresh venv's site-packages.
    install = _run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        tmp_path,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    deps = tmp_path / "deps"
    deps.mkdir()
    ours = Path(sysconfig.get_paths()["purelib"])
    for name in DEPENDENCIES:
        if (ours / name).exists():
            (deps / name).symlink_to(ours / name)
    (site / "streamlib_test_deps.pth").write_text(f"{deps}\n", encoding="utf-8")

    # The package imports from the venv, not from this checkout.
    where = _run([str(python), "-c", "import streamlib, wgpu; print(streamlib.__file__)"], tmp_path)
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip().startswith(str(site)), where.stdout

    project = tmp_path / "downstream"
    project.mkdir()
    (project / "app.py").write_text(DOWNSTREAM, encoding="utf-8")
    result = _run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-executable",
            str(python),
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            "app.py",
        ],
        project,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0 and "Success" in report, f"downstream mypy --strict is not clean:\n{report}"
