"""Write a commented, valid starter profile for a new ICP or persona."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from icpdocs.errors import IcpDocsError
from icpdocs.loader import ID_MAX_LENGTH, ID_PATTERN, YAML_SUFFIXES

FOLDERS = {"icp": "icps", "persona": "personas"}


def starter_text(kind: str, entity_id: str, today: dt.date, icp_id: str = "") -> str:
    template = (resources.files("icpdocs") / "starters" / f"{kind}.yaml").read_text(encoding="utf-8")
    name = entity_id.replace("-", " ").title()
    return template.format(id=entity_id, name=name, owner="owner-team", today=today.isoformat(), icp=icp_id)


def write_starter(content: Path, kind: str, entity_id: str, today: dt.date) -> Path:
    """Create content/<kind folder>/<id>.yaml; refuse bad ids and existing files."""
    if not ID_PATTERN.match(entity_id) or len(entity_id) > ID_MAX_LENGTH:
        raise IcpDocsError(
            f"'{entity_id}' is not a valid id: use lower-case words joined by '-', at most {ID_MAX_LENGTH} characters"
        )
    folder = content / FOLDERS[kind]
    for suffix in YAML_SUFFIXES:
        existing = folder / f"{entity_id}{suffix}"
        if existing.exists():
            raise IcpDocsError(f"{existing} already exists; not overwriting it")
    icp_id = ""
    if kind == "persona":
        icps = sorted(p.stem for p in (content / "icps").glob("*.y*ml"))
        if not icps:
            raise IcpDocsError("a persona links to at least one ICP: create one first with `icpdocs new icp ID`")
        icp_id = icps[0]
    target = folder / f"{entity_id}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(starter_text(kind, entity_id, today, icp_id))
    return target
