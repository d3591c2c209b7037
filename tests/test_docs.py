"""Docs match the code: every CLI command and option is documented in docs/cli.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.cli import main

DOC = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_docs_every_command_and_option_documented(name):
    assert f"## newsevents {name}" in DOC
    section = DOC.split(f"## newsevents {name}", 1)[1].split("\n## ", 1)[0]
    for param in main.commands[name].params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in section, f"{opt} of `newsevents {name}` is not in docs/cli.md"


def test_docs_readme_commands_exist():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    for name in main.commands:
        assert f"newsevents {name}" in readme or name in ("explain",)
