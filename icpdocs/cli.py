"""The `icpdocs` command: parses arguments, calls the core, returns an exit code."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from icpdocs import __version__
from icpdocs.diagnostics import format_github, format_json, format_text
from icpdocs.errors import IcpDocsError
from icpdocs.starter import write_starter
from icpdocs.validate import validate_folder

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class IcpDocsGroup(click.Group):
    """Turns IcpDocsError into a message and exit 1; a traceback only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IcpDocsError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_FAILED)


def _today(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else dt.date.today()


@click.group(cls=IcpDocsGroup)
@click.version_option(__version__, prog_name="icpdocs")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Ideal Customer Profiles and buyer personas as a living, versioned document."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


today_option = click.option(
    "--today", metavar="YYYY-MM-DD", default=None,
    help="Date that staleness is judged against (default: today).",
)


@main.command()
@click.argument("content", default="content", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for tools, github for Actions annotations.")
@today_option
def validate(content: Path, strict: bool, output_format: str, today: str | None) -> None:
    """Check CONTENT (default: ./content) and report every problem at once."""
    result = validate_folder(content, _today(today), label=str(content))
    if output_format == "json":
        click.echo(format_json(result.diagnostics, result.summary()), nl=False)
    elif output_format == "github":
        click.echo(format_github(result.diagnostics), nl=False)
        click.echo(result.summary_line())
    else:
        click.echo(format_text(result.diagnostics), nl=False)
        click.echo(result.summary_line())
    sys.exit(EXIT_FAILED if result.failed(strict=strict) else EXIT_OK)


@main.command()
@click.argument("kind", type=click.Choice(["icp", "persona"]))
@click.argument("entity_id", metavar="ID")
@click.option("--content", default="content", type=click.Path(path_type=Path), show_default=True)
@today_option
def new(kind: str, entity_id: str, content: Path, today: str | None) -> None:
    """Write a commented starter file for a new ICP or persona (never overwrites)."""
    target = write_starter(content, kind, entity_id, _today(today))
    click.echo(f"created {target}: fill it in, then run `icpdocs validate`")


@main.command()
@click.argument("content", default="content", type=click.Path(path_type=Path))
@click.option("--map", "mapping", multiple=True, metavar="OWNER=@HANDLE",
              help="GitHub handle for an owner; adds to the `owners` map of the icpdocs plugin in mkdocs.yml.")
@click.option("--config-file", default="mkdocs.yml", type=click.Path(path_type=Path), show_default=True)
def codeowners(content: Path, mapping: tuple[str, ...], config_file: Path) -> None:
    """Print CODEOWNERS lines asking each profile's owner to review changes to it."""
    from icpdocs import codeowners as owners_module
    from icpdocs.gitrepo import repo_root
    from icpdocs.project_config import plugin_options

    handles = dict(plugin_options(config_file).get("owners") or {})
    for item in mapping:
        owner, sep, handle = item.partition("=")
        if not sep or not owner or not handle:
            raise click.BadParameter(f"'{item}' is not OWNER=@HANDLE", param_hint="--map")
        handles[owner] = handle
    result = validate_folder(content, label=str(content))
    if result.errors:
        click.echo(format_text(result.errors), err=True, nl=False)
        raise IcpDocsError("fix the errors above first: owners are read from valid profiles")
    prefix = owners_module.content_prefix(content, repo_root(content) if content.exists() else None)
    lines = owners_module.owner_lines(result.catalog, prefix, handles)
    click.echo(owners_module.render_codeowners(lines), nl=False)
    for owner in sorted({line.owner for line in lines if not line.handle}):
        click.echo(f"warning: no GitHub handle for owner '{owner}': add `owners: {{{owner}: '@org/team'}}` "
                   f"to the icpdocs plugin in {config_file}, or pass --map {owner}=@org/team", err=True)
