"""The exceptions icpdocs raises; the CLI turns each into a message and an exit code."""

from __future__ import annotations


class IcpDocsError(Exception):
    """A problem a user can act on; shown without a traceback."""


class ContentError(IcpDocsError):
    """The content has errors; the diagnostics say which."""


class GitError(IcpDocsError):
    """A git command failed; the message carries git's own stderr."""

    def __init__(self, command: list[str], stderr: str) -> None:
        self.command = command
        self.stderr = stderr.strip()
        super().__init__(f"git {' '.join(command)} failed: {self.stderr or 'no output'}")


class BuildError(IcpDocsError):
    """The site could not be built; the previous site is left as it was."""
