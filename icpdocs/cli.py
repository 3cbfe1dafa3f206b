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
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date written as YYYY-MM-DD", param_hint="'--today'") from None


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


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--content", default="content", type=click.Path(path_type=Path), show_default=True,
              help="The content folder (in the working tree; its path in git is derived from it).")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown is a pull-request comment.")
@click.option("--fail-on", type=click.Choice(["breaking", "warning", "never"]), default="breaking", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--config-file", default="mkdocs.yml", type=click.Path(path_type=Path), show_default=True,
              help="Where the icpdocs plugin's `review_severity` overrides are read from.")
@today_option
def diff(base: str, head: str | None, content: Path, output_format: str, fail_on: str, config_file: Path,
         today: str | None) -> None:
    """Review what changed in the profiles between git revisions BASE and HEAD (default: the working tree)."""
    from icpdocs.review_cli import run_diff

    text, failed = run_diff(base, head, content, output_format, fail_on, config_file, _today(today))
    click.echo(text, nl=False)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


config_file_option = click.option(
    "--config-file", "-f", default="mkdocs.yml", show_default=True, type=click.Path(path_type=Path),
    help="The MkDocs configuration of the site.",
)


@main.command()
@config_file_option
@click.option("--site-dir", "-d", type=click.Path(path_type=Path), default=None,
              help="Where to write the site (default: site_dir of the configuration, usually site/).")
@click.option("--strict", is_flag=True, help="Fail on warnings (stale reviews, broken links) too.")
@click.option("--verbose", "-v", is_flag=True, help="Show every MkDocs message, not only warnings.")
def build(config_file: Path, site_dir: Path | None, strict: bool, verbose: bool) -> None:
    """Build the site; on failure the previous site is left exactly as it was."""
    import logging

    from icpdocs import site as site_module

    with site_module.mkdocs_log(logging.INFO if verbose else logging.WARNING):
        built = site_module.build_site(config_file, site_dir, strict=strict)
    click.echo(f"built {built.site_dir} ({built.pages} pages) in {built.seconds:.1f} s")


@main.command()
@config_file_option
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
def serve(config_file: Path, dev_addr: str, strict: bool, open_in_browser: bool) -> None:
    """Serve the site at http://IP:PORT; edits to content, schemas and templates show on reload."""
    import logging

    from icpdocs import site as site_module

    with site_module.mkdocs_log(logging.INFO):
        site_module.serve_site(config_file, dev_addr=dev_addr, strict=strict, open_in_browser=open_in_browser)


@main.command()
@click.argument("content", default="content", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder to write the Markdown pages to.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of templates that replace built-in ones by name.")
@today_option
def render(content: Path, out: Path, templates: Path | None, today: str | None) -> None:
    """Write the site's Markdown pages for CONTENT to --out, for any static site builder."""
    from icpdocs import render as render_module

    result = validate_folder(content, _today(today), label=str(content))
    click.echo(format_text(result.diagnostics), err=True, nl=False)
    if result.errors:
        raise IcpDocsError(f"{result.summary_line()}: fix the errors above; nothing was written")
    pages = render_module.render(result.catalog, today=_today(today), templates=templates)
    written = render_module.write_pages(pages, out)
    click.echo(f"wrote {len(written)} pages to {out}")


@main.group()
def versions() -> None:
    """The versioned site: one version per release tag (icp-*), plus latest and optionally dev."""


pattern_option = click.option("--pattern", default=None, metavar="GLOB",
                              help="Tags that are releases (default: the plugin's release_tags, or icp-*).")


@versions.command("build")
@click.option("--out", "-o", default="site", show_default=True, type=click.Path(path_type=Path),
              help="Folder of the versioned site: <version>/, latest/, versions.json, index.html.")
@config_file_option
@click.option("--dev", is_flag=True, help="Also build the working tree as the version `dev` (unreleased).")
@pattern_option
def versions_build(out: Path, config_file: Path, dev: bool, pattern: str | None) -> None:
    """Build every release from its own content with today's templates; unchanged releases are skipped."""
    from icpdocs import site as site_module
    from icpdocs.versions_cli import summary
    from icpdocs.versions_run import build_versions

    with site_module.mkdocs_log():
        outcome = build_versions(config_file, out, dev=dev, pattern=pattern, progress=click.echo)
    click.echo(summary(outcome, out))
    sys.exit(EXIT_FAILED if outcome.failed else EXIT_OK)


@versions.command("list")
@config_file_option
@click.option("--dev", is_flag=True, help="Include the working tree as `dev`.")
@pattern_option
def versions_list(config_file: Path, dev: bool, pattern: str | None) -> None:
    """List the releases, newest first: name, date, commit, title."""
    from icpdocs.versions_cli import release_list

    click.echo(release_list(config_file, pattern, dev, dt.date.today()), nl=False)


@versions.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@config_file_option
@pattern_option
def versions_diff(old: str, new: str | None, config_file: Path, pattern: str | None) -> None:
    """Print what changed from release OLD to release NEW (default: the working tree), as on the Compare page."""
    from icpdocs.versions_cli import release_diff

    click.echo(release_diff(config_file, old, new, pattern, dt.date.today()), nl=False)
