"""mkdocs hook: publish README.md (which lives at the repository root, outside docs/) as a page.

The README is the guide a newcomer reads first; copying it into docs/ would let the two drift.
Its links are relative to the repository root (``docs/architecture.md``), so on the page they
are rewritten relative to docs/, where mkdocs --strict checks them like any other link.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

README = Path(__file__).resolve().parent / "README.md"
GUIDE = "guide.md"  # its page (not README.md, which mkdocs would make the index page)


def on_files(files: Files, config: Any) -> Files:
    files.append(File.generated(config, GUIDE, abs_src_path=str(README)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if page.file.src_uri == GUIDE:
        return markdown.replace("](docs/", "](")
    return markdown
