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
    ```
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
