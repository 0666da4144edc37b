"""How the `newsworker` command presents itself: its description, `--version` and each command's help."""

from __future__ import annotations

import argparse
from typing import Any, TypeAlias

DESCRIPTION = """Enrich news articles with a summary, named entities and quotes with their speakers.

Articles go through a queue on Redis to workers; results are stored in Redis, where `show`, `find`,
`watch` and `export` read them. Settings are NEWSWORKER_* environment variables (the README's Settings);
with NEWSWORKER_REDIS_URL unset, a local embedded Redis under NEWSWORKER_DATA_DIR is used, and said so."""
PATHS_HELP = "article files: .txt, .json, .jsonl, folders of them, or - for JSON lines on stdin"
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class Version(argparse.Action):
    """`--version`: the package version and the pipeline version of its results (computed when asked)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        """Print both versions and exit."""
        from importlib.metadata import PackageNotFoundError, version

        from worker.pipeline import pipeline_version

        try:
            package = version("newsworker")
        except PackageNotFoundError:
            package = "(not installed)"
        print(f"newsworker {package} (pipeline {pipeline_version()})")
        parser.exit()


def command(sub: Subcommands, name: str, summary: str, func: Any) -> argparse.ArgumentParser:
    """A subcommand whose one-line summary is both its entry in the list and its own --help text."""
    parser = sub.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".")
    parser.set_defaults(func=func)
    return parser
