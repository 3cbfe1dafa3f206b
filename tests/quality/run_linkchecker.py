"""Run LinkChecker's command line without its switch from root to user `nobody`.

As root, LinkChecker drops to `nobody` before it looks for its plugins. When Python is installed
where `nobody` cannot read (such as /root/.pyenv) it then finds none, and [AnchorCheck] silently
checks nothing. These gates only fetch our own site from 127.0.0.1, so staying root is harmless;
tests/quality/test_checks_can_fail.py proves that a missing anchor is reported.
"""

from __future__ import annotations

import sys

import linkcheck.command.linkchecker as command  # type: ignore[import-untyped]

if __name__ == "__main__":
    command.drop_privileges = lambda: None  # see the docstring
    sys.argv[0] = "linkchecker"
    command.linkchecker()
