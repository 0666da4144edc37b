"""The CLI speaks to its users: --version, and a --help line for every command and option."""

from __future__ import annotations

import argparse

import pytest

from worker.cli import build_parser, main
from worker.pipeline import pipeline_version


def _subcommands() -> argparse._SubParsersAction[argparse.ArgumentParser]:
    return next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))


def test_the_top_help_describes_the_tool_not_the_module() -> None:
    """`newsworker --help` opens with what the tool does, not a developer's docstring."""
    text = build_parser().format_help()
    assert "Enrich news articles with a summary, named entities and quotes with their speakers." in text
    assert "argument parsing" not in text and "library functions" not in text


def test_every_command_and_option_has_help_text() -> None:
    """Each subcommand has a summary and description; each of its arguments says what it is for."""
    subcommands = _subcommands()
    summaries = {choice.dest: choice.help for choice in subcommands._choices_actions}
    for name, parser in subcommands.choices.items():
        assert summaries[name] and parser.description, name
        for action in parser._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"{name} {action.option_strings or action.dest}"


def test_version_prints_the_package_and_pipeline_versions(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` prints one line on stdout and exits 0."""
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("newsworker ") and out.endswith(f" (pipeline {pipeline_version()})\n")


@pytest.mark.parametrize(
    "argv", [["reprocess"], ["reprocess", "--stale", "--all"], ["reprocess", "a", "--stale"]]
)
def test_reprocess_needs_exactly_one_selection(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """IDs, --stale and --all exclude one another; none of them is an error before Redis is touched."""
    assert main(argv) == 2
    assert capsys.readouterr().err == "error: give article ids, --stale or --all (one of them)\n"
