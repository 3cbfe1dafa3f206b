"""The options of the `icpdocs` MkDocs plugin, as written under `plugins:` in mkdocs.yml."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class IcpDocsConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs's hook is untyped
    """Options of the icpdocs plugin.

    ```yaml
    plugins:
      - search
      - icpdocs:
          content: content          # the YAML folder (default: docs_dir)
          templates: templates      # your template overrides (default: none)
          publish_yaml: false       # also publish the raw YAML files (default: false)
          nav_limit: 30             # most profiles listed in the sidebar per section
          export: true              # write api/catalog.json and one JSON per profile
          today: 2026-11-22         # judge staleness against this date (default: the build day)
          owners: {revenue-operations: "@acme/revops"}   # GitHub handles, for `icpdocs codeowners`
          review_severity: {narrowed: warning}            # for `icpdocs diff`; see docs/review.md
          release_tags: icp-*       # git tags that are releases, for `icpdocs versions`
          history: true             # show each profile's change history from git (default: true)
          commit_url: https://git.example.com/team/icp/commit/{sha}   # link commits here
          cache_dir: .icpdocs-cache # where parsed history is kept (default: at the repository's root)
          history_limit: 50         # most history entries on one profile page
          changes_limit: 100        # most entries on the "What changed" page and in changes.xml
    ```

    Commits link to `commit_url` when set, else to `<repo_url>/commit/<sha>` when mkdocs.yml has a
    `repo_url`, else nowhere. Prefer `commit_url` for an internal site: with `repo_url`, mkdocs-material
    shows a repository link and asks the host's API for its stars and forks from every reader's browser.
    """

    content = c.Optional(c.Dir(exists=True))
    """Folder holding market.yaml, icps/ and personas/; defaults to `docs_dir`."""

    templates = c.Optional(c.Dir(exists=True))
    """Folder of Jinja templates that replace built-in ones by name (e.g. `icp.md.j2`)."""

    publish_yaml = c.Type(bool, default=False)
    """Publish the raw YAML files next to the pages (they are left out by default)."""

    nav_limit = c.Type(int, default=30)
    """Most ICPs (and, separately, personas) listed in the sidebar; above it only overview pages are."""

    export = c.Type(bool, default=True)
    """Write the JSON export: api/catalog.json and api/icps/<id>.json, api/personas/<id>.json."""

    today = c.Optional(c.Type((str, dt.date)))
    """The date (YYYY-MM-DD) reviews are judged against, for reproducible builds; default: today."""

    owners = c.Type(dict, default={})
    """Owner name -> GitHub handle; read by `icpdocs codeowners` (the site does not use it)."""

    review_severity = c.Type(dict, default={})
    """Finding kind -> info | warning | breaking; read by `icpdocs diff` (see docs/review.md)."""

    history = c.Type(bool, default=True)
    """Read the git history of the content: History sections, the What changed page, changes.xml."""

    commit_url = c.Optional(c.Type(str))
    """Link of one commit, with `{sha}` standing for its id; default: `<repo_url>/commit/{sha}` or none."""

    cache_dir = c.Optional(c.Dir(exists=False))
    """Folder keeping parsed history between builds (safe to delete; CI may keep it); default:
    `.icpdocs-cache` at the root of the content's git repository."""

    history_limit = c.Type(int, default=50)
    """Most history entries shown on one profile's page; a note counts the older ones."""

    changes_limit = c.Type(int, default=100)
    """Most changes listed on the What changed page and in the feed."""

    lenient = c.Type(bool, default=False)
    """Build even when the content has errors: from the profiles that are valid, with the errors logged as
    warnings and listed on the home page. `icpdocs versions build` sets it for old releases."""

    content_label = c.Optional(c.Type(str))
    """How messages name the content folder (default: its path from mkdocs.yml); versions name the tag."""

    release_tags = c.Type(str, default="icp-*")
    """Pattern of the git tags that are releases, for `icpdocs versions` (see docs/versions.md)."""
