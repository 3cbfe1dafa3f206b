"""A generator of large scripted git histories of profiles, written with `git fast-import`."""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SEVERITIES = ("low", "medium", "high", "critical")
WORDS = ("audit", "evidence", "records", "access", "review", "clinic", "hospital", "privacy", "board", "risk",
         "margin", "consent", "billing", "vendor", "portal", "registry", "survey", "payer", "coding", "backlog")


@dataclass
class Profile:
    """The state of one generated ICP file, changed a little by each commit."""

    id: str
    version: int = 1
    status: str = "active"
    employees_min: int = 200
    industries: list[str] = field(default_factory=lambda: ["Hospitals", "Ambulatory care", "Clinics"])
    summary: list[str] = field(default_factory=list)
    pains: list[tuple[str, str, str, str]] = field(default_factory=list)

    def render(self) -> bytes:
        lines = [
            f"name: Profile {self.id}", f"status: {self.status}", f"version: {self.version}",
            "owner: revenue-operations", "last_reviewed: 2026-01-15", "summary: >-",
            *(f"  {line}" for line in self.summary),
            "firmographics:", f"  industries: [{', '.join(self.industries)}]",
            f"  employees: {{min: {self.employees_min}, max: 5000}}", "  regions: [US, EU]", "pain_points:",
        ]
        for pain_id, title, severity, description in self.pains:
            lines += [f"  - id: {pain_id}", f"    title: {title}", f"    severity: {severity}",
                      "    description: >-", f"      {description}"]
        return ("\n".join(lines) + "\n").encode()


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _new_profile(rng: random.Random, number: int) -> Profile:
    profile = Profile(f"profile-{number:04d}")
    profile.summary = [_sentence(rng, 12) for _ in range(4)]
    profile.pains = [(f"pain-{i}", _sentence(rng, 5)[:-1], rng.choice(SEVERITIES), _sentence(rng, 40))
                     for i in range(6)]
    return profile


def _mutate(rng: random.Random, profile: Profile) -> None:
    profile.version += 1
    choice = rng.randrange(4)
    if choice == 0:
        profile.employees_min += 50
    elif choice == 1:
        pain_id, title, _severity, description = profile.pains[0]
        profile.pains[0] = (pain_id, title, rng.choice(SEVERITIES), description)
    elif choice == 2:
        profile.summary[rng.randrange(len(profile.summary))] = _sentence(rng, 12)
    else:
        profile.pains.insert(0, (f"pain-v{profile.version}", _sentence(rng, 5)[:-1], "high", _sentence(rng, 30)))
        profile.pains.pop()


def write_history(root: Path, *, files: int, commits: int, per_commit: int = 2, seed: int = 4) -> Path:
    """Create a repo at `root` whose first commit adds `files` ICPs and the rest edit `per_commit` each."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    profiles = [_new_profile(rng, n) for n in range(files)]
    stream: list[bytes] = []
    for number in range(commits):
        changed = profiles if number == 0 else rng.sample(profiles, per_commit)
        for profile in changed if number else ():
            _mutate(rng, profile)
        stream.append(_commit(number, changed))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    return root


def _commit(number: int, changed: list[Profile]) -> bytes:
    when = 1_767_225_600 + number * 3600  # 2026-01-01, one commit an hour
    message = f"Commit {number}".encode()
    parts = [
        b"commit refs/heads/main\n",
        f"author Ada Author <ada@example.com> {when} +0000\n".encode(),
        f"committer Ada Author <ada@example.com> {when} +0000\n".encode(),
        b"data %d\n%s\n" % (len(message), message),
    ]
    for profile in changed:
        text = profile.render()
        parts.append(f"M 100644 inline content/icps/{profile.id}.yaml\n".encode())
        parts.append(b"data %d\n%s\n" % (len(text), text))
    return b"".join(parts)
