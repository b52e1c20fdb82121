"""The benchmark suite runs end to end in its tiny mode and writes well-formed results.

Timing is not asserted (these machines are shared and noisy); only the shape of
what the suite produces is.
"""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_tiny_run_writes_json_and_history(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", "/tmp")}
    done = subprocess.run(
        [sys.executable, "-m", "streamlib.bench", "--tiny", "--results-dir", str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "frame_step_64x64" in done.stdout  # the table was printed

    doc = json.loads((tmp_path / "latest.json").read_text())
    assert doc["mode"] == "tiny"
    assert doc["machine"]["cores"] >= 1 and doc["machine"]["cpu"]
    assert doc["adapter"]["backend"]
    names = {m["name"] for m in doc["metrics"]}
    assert {
        "frame_step_64x64",
        "frame_step_1280x720",
        "frame_data_borrow",
        "texture_owned_create_release",
        "texture_pooled_acquire_release",
        "tracking_cost_tracebacks_off",
        "tracking_tracebacks_on",
        "scale_release_100",
        "scale_borrow_100",
        "pipeline_64x64",
        "pipeline_1280x720",
        "frame_step_fresh_64x64",
        "frame_step_fresh_64x64_cpu",  # the API-bound rows in the calling thread's CPU time too
        "frame_step_64x64_cpu",
        "flagship_step_64x64_cpu",
        "frame_step_fresh_64x64_wgpu_py_binding",  # the child process with the lean binding off
        "frame_step_fresh_64x64_wgpu_py_binding_cpu",
    } <= names
    for m in doc["metrics"]:
        assert math.isfinite(m["value"]) and m["value"] > 0, m
        assert m["ok"] in (True, False, None)
        if m["control"] is not None:
            assert math.isfinite(m["control"]) and m["control"] > 0, m
    by_name = {m["name"]: m for m in doc["metrics"]}
    assert by_name["frame_data_borrow"]["extra"]["same_object"] is True
    assert by_name["frame_step_64x64"]["extra"]["same_pixels"] is True
    assert by_name["pipeline_64x64"]["extra"]["dropped"] == 0  # lockstep: every frame reaches the sink

    with (tmp_path / "history.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["metric"] for r in rows] == [m["name"] for m in doc["metrics"]]
    assert all(r["date"] == doc["date"] and r["mode"] == "tiny" and r["cpu"] for r in rows)


def test_streamlib_bench_subcommand_runs_the_suite(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "streamlib.cli",
            "bench",
            "--tiny",
            "--only",
            "frame_data",
            "--results-dir",
            str(tmp_path),
        ],
        cwd=tmp_path,  # outside the checkout: the suite ships inside the package
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads((tmp_path / "latest.json").read_text())
    assert [m["name"] for m in doc["metrics"]] == ["frame_data_borrow"]
    assert (tmp_path / "history.csv").read_text().count("\n") == 2  # header and one row
