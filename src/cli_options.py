"""Options the `raporty` commands share (click), for raporty.cli and for the command modules it imports
only when their command runs (verify, export, report): one definition of each, one exit-code layout."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from raporty.settings import DB_HELP

F = TypeVar("F", bound=Callable[..., Any])

#: For every command: -h beside --help, and help text wrapped at up to 100 columns.
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: The exit codes every command that opens the warehouse shares.
NO_WAREHOUSE = (2, "no warehouse, or one that cannot be opened (damaged, not a DuckDB file)")
BUSY = (3, "the warehouse stayed busy (locked by a writer) past --wait")


def exit_codes(*codes: tuple[int, str]) -> str:
    """A command's epilog: its exit codes, one a line (click keeps a paragraph led by \\b as it is)."""
    return "\b\nExit codes:\n" + "\n".join(f"  {code:<4}{meaning}" for code, meaning in codes)


def db_option(function: F) -> F:
    return click.option("--db", type=click.Path(path_type=Path), default=None, help=DB_HELP)(function)


def wait_option(function: F) -> F:
    return click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=30.0,
        show_default=True,
        metavar="SECONDS",
        help="seconds to wait for a busy warehouse (0: refuse at once)",
    )(function)


def jobs_option(function: F) -> F:
    return click.option(
        "--jobs", "-j", type=int, default=1, show_default=True, help="worker processes for extraction"
    )(function)


def on_wait(message: str) -> None:
    """Say once, on stderr, that the command waits for a busy warehouse."""
    click.echo(message, err=True)
