"""``streamlib check``: borrows kept past the call that lent them (README, "Borrows that escape").

tests/typing/borrow_escape/cases.py marks every expected finding with ``# E: borrow-escape``;
the check must report exactly those lines, no more and no fewer. Each run is a subprocess, as in
tests/test_typing.py: in-process mypy leaves so many objects behind that every later
gc.collect() (the leak check runs one per test) takes a second.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
CASES = REPO_ROOT / "tests" / "typing" / "borrow_escape" / "cases.py"
MARKER = "# E: borrow-escape"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)  \[borrow-escape\]$")


def run_check(*args: str, cwd: Path = REPO_ROOT, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = f"{prelude}\nimport sys\nfrom streamlib.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def expected_lines(path: Path) -> set[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {number for number, text in enumerate(lines, 1) if text.rstrip().endswith(MARKER)}


def findings(stdout: str) -> list[re.Match[str]]:
    matches = [LINE.match(line) for line in stdout.splitlines()]
    assert all(matches), f"a line not in mypy's format:\n{stdout}"
    return [m for m in matches if m is not None]


@pytest.fixture(scope="module")
def case_run() -> subprocess.CompletedProcess[str]:
    """One run over the case file, shared by the tests that read it (each run is a mypy build)."""
    return run_check(str(CASES.relative_to(REPO_ROOT)))


def test_the_case_file_gets_exactly_its_marked_findings(case_run: subprocess.CompletedProcess[str]) -> None:
    result = case_run
    assert result.returncode == 1, result.stderr
    found = findings(result.stdout)
    assert {m["path"] for m in found} == {"tests/typing/borrow_escape/cases.py"}
    lines = [int(m["line"]) for m in found]
    expected = expected_lines(CASES)
    assert len(expected) >= 35, "the case file lost its markers"
    missing = sorted(expected - set(lines))
    extra = sorted(set(lines) - expected)
    assert not missing, f"escapes not found on lines {missing}"
    assert not extra, f"false positives on lines {extra}:\n{result.stdout}"
    assert len(lines) == len(set(lines)), f"a line reported twice:\n{result.stdout}"
    assert f"Found {len(lines)} borrow escapes" in result.stderr


def test_messages_say_what_escaped_where_and_what_to_keep_instead(case_run: subprocess.CompletedProcess[str]) -> None:
    result = case_run
    by_line = {int(m["line"]): m for m in findings(result.stdout)}
    source = CASES.read_text(encoding="utf-8").splitlines()

    def message(statement: str) -> str:
        number = next(i for i, text in enumerate(source, 1) if text.strip().startswith(statement))
        return by_line[number]["message"]

    frame = message("self.last = frame  #")
    assert "lent frame `frame` escapes into attribute self.last" in frame
    assert "frame.clone()" in frame
    data = message("self.textures.append(data)")
    assert "borrow `data` escapes into attribute self.textures (.append)" in data
    assert "owned texture" in data and "data.width" in data
    closure = message("self.callback = lambda: data.width")
    assert closure.startswith("closure over a borrow `lambda: data.width`")
    assert "global HISTORY (.append)" in message("HISTORY.append(borrowed)")
    assert "nonlocal kept" in message("kept = tex.borrow()")
    # Columns are mypy's: 1-based, at the value that escapes.
    assert (
        by_line[next(i for i, t in enumerate(source, 1) if t.strip().startswith("self.last = frame  #"))]["col"] == "21"
    )


def test_a_clean_file_exits_0_and_prints_nothing(tmp_path: Path) -> None:
    clean = tmp_path / "clean.py"
    clean.write_text(
        "import streamlib as sl\n\n\n"
        "class Keep(sl.Processor):\n"
        "    video_in = sl.StreamInput(sl.VideoFrame)\n\n"
        "    def process(self, tick: sl.Tick) -> None:\n"
        "        frame = self.video_in.read_latest()\n"
        "        if frame is not None:\n"
        "            self.last = frame.clone()\n"
        "            self.width = frame.data.width\n",
        encoding="utf-8",
    )
    result = run_check(str(clean))
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    # The same file keeping the lent frame itself is reported (the clean result above is not vacuous).
    clean.write_text(clean.read_text(encoding="utf-8").replace("frame.clone()", "frame"), encoding="utf-8")
    result = run_check(str(clean))
    assert result.returncode == 1
    assert [int(m["line"]) for m in findings(result.stdout)] == [10]


def test_a_folder_is_checked_and_the_config_exclude_applies(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    body = "import streamlib as sl\n\nKEPT: list[sl.BorrowedTexture] = []\n\n\ndef keep(t: sl.OwnedTexture) -> None:\n    KEPT.append(t.borrow())\n"
    (tmp_path / "pkg" / "a.py").write_text(body, encoding="utf-8")
    (tmp_path / "pkg" / "skipped.py").write_text(body, encoding="utf-8")
    config = tmp_path / "mypy.ini"
    config.write_text(f"[mypy]\nmypy_path = {REPO_ROOT / 'stubs'}\nexclude = skipped\\.py$\n", encoding="utf-8")
    result = run_check("--config-file", str(config), "pkg", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [(m["path"], m["line"]) for m in findings(result.stdout)] == [("pkg/a.py", "7")]


def test_bad_input_exits_2_with_what_to_do(tmp_path: Path) -> None:
    result = run_check(str(tmp_path / "nowhere.py"))
    assert result.returncode == 2
    assert "nowhere.py: no such file or folder" in result.stderr
    (tmp_path / "broken.py").write_text("def (:\n", encoding="utf-8")
    result = run_check(str(tmp_path / "broken.py"))
    assert result.returncode == 2
    assert "mypy cannot read the files to check" in result.stderr


def test_without_mypy_it_says_which_extra_to_install() -> None:
    # sys.modules[name] = None makes `import mypy` raise ImportError, as on a machine without it.
    result = run_check(str(CASES), prelude="import sys; sys.modules['mypy'] = None")
    assert result.returncode == 2
    assert "pip install 'streamlib[check]'" in result.stderr


PLUGIN_CASES = """\
import streamlib as sl

KEPT: list[sl.BorrowedTexture] = []


class Holder:
    def __init__(self) -> None:
        self.views: list[sl.BorrowedTexture] = []
        self.by_name: dict[str, sl.BorrowedTexture] = {}

    def keep(self, tex: sl.OwnedTexture) -> None:
        self.views.append(tex.borrow())  # E
        self.by_name["x"] = tex.borrow()  # E
        self.by_name.update({"y": tex.borrow()})  # E
        KEPT.append(tex.borrow())  # E
        local = [tex.borrow()]
        local.append(tex.borrow())
        self.views.extend(local)  # E
        self.views.extend([])
        self.by_name.update({})
        self.views.append(tex.borrow())  # streamlib: allow-borrow-escape
        self.last = tex.borrow()
"""


def test_the_mypy_plugin_reports_container_stores_while_mypy_runs(tmp_path: Path) -> None:
    module = tmp_path / "holder.py"
    module.write_text(PLUGIN_CASES, encoding="utf-8")
    config = tmp_path / "mypy.ini"
    config.write_text(
        "[mypy]\nplugins = streamlib.mypy_plugin\nstrict = True\n"
        f"mypy_path = {REPO_ROOT / 'stubs'}:{REPO_ROOT / 'src'}\nfollow_imports = silent\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "holder.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    reported = sorted(
        int(line.split(":")[1]) for line in result.stdout.splitlines() if line.endswith("[borrow-escape]")
    )
    expected = sorted(i for i, text in enumerate(PLUGIN_CASES.splitlines(), 1) if text.endswith("# E"))
    assert reported == expected, result.stdout
    assert "may outlive its owner" in result.stdout
    # An assignment has no mypy hook: self.last = tex.borrow() needs streamlib check.
    assert result.returncode == 1


def test_the_readme_shows_what_the_check_prints(tmp_path: Path) -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Borrows that escape: `streamlib check`", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    transcript = section.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    assert transcript[0] == "$ streamlib check trails.py"
    (tmp_path / "trails.py").write_text(code, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text(f"[mypy]\nmypy_path = {REPO_ROOT / 'stubs'}\n", encoding="utf-8")
    result = run_check("--config-file", str(tmp_path / "mypy.ini"), "trails.py", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() + result.stderr.splitlines() == transcript[1:]
