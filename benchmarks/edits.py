"""Realistic edits of a synthetic corpus, each of which keeps the content valid.

The history generator applies one edit per touched file: numbers changed, pain
points added or removed, status changes, reviews, list and text edits, and now and
then a persona renamed, removed or added.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks import synthetic, yamltext
from benchmarks.synthetic import Corpus


@dataclass
class Change:
    """What one edit did: files written, files removed, and a commit message fragment."""

    message: str
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class Editor:
    """Applies seeded edits to a corpus; `date` is the ISO date of the commit being made."""

    rng: random.Random
    corpus: Corpus
    date: str = ""
    next_index: int = 0
    texts: dict[str, str] = field(default_factory=dict)  # each file's YAML as last written

    def initial(self) -> Change:
        """Return the first commit: every file of the corpus."""
        documents = {"market.yaml": self.corpus.market}
        documents.update({f"icps/{i}.yaml": d for i, d in self.corpus.icps.items()})
        documents.update({f"personas/{i}.yaml": d for i, d in self.corpus.personas.items()})
        for path, data in documents.items():
            self._write(path, data)
        return Change("Add the ICP and persona content", list(documents))

    def _write(self, path: str, data: dict[str, Any]) -> bool:
        """Record the file's new text; return whether it differs from the last one."""
        text = yamltext.dump(data)
        changed = self.texts.get(path) != text
        self.texts[path] = text
        return changed

    def edit_icp(self, icp_id: str) -> Change:
        return self._edit(f"icps/{icp_id}.yaml", icp_id, self.corpus.icps[icp_id], ICP_EDITS, _version)

    def edit_persona(self, persona_id: str) -> Change:
        return self._edit(f"personas/{persona_id}.yaml", persona_id, self.corpus.personas[persona_id],
                          PERSONA_EDITS, _persona_list)

    def _edit(self, path: str, entity: str, data: dict[str, Any], edits: list[tuple[Edit, int]], sure: Edit) -> Change:
        message = _pick(self.rng, edits)(self, entity, data)
        if self.rng.random() < 0.5:
            data["last_reviewed"] = self.date
        if not self._write(path, data):
            # The edit happened to write what was there (same number drawn): make one that shows.
            message = sure(self, entity, data)
            self._write(path, data)
        return Change(message, [path])

    def rename_persona(self, persona_id: str) -> Change:
        data = self.corpus.personas.pop(persona_id)
        first = persona_id.split("-")[0]
        new_id = f"{first}-{self.rng.choice(synthetic.ROLES)[0]}-r{self._index()}"
        self.corpus.personas[new_id] = data
        old, new = f"personas/{persona_id}.yaml", f"personas/{new_id}.yaml"
        self.texts[new] = self.texts.pop(old)
        return Change(f"Rename persona {persona_id} to {new_id}", [new], [old])

    def remove_persona(self, persona_id: str) -> Change | None:
        links = self.corpus.personas[persona_id]["icps"]
        if any(self._linked(icp_id) < 2 for icp_id in links):
            return None
        del self.corpus.personas[persona_id]
        path = f"personas/{persona_id}.yaml"
        del self.texts[path]
        return Change(f"Remove persona {persona_id}", removed=[path])

    def add_persona(self) -> Change:
        home = self.rng.choice([i for i, d in self.corpus.icps.items() if d["status"] != "retired"])
        persona_id, data = synthetic.persona(self.rng, 0, home, self.corpus, dt.date.fromisoformat(self.date))
        persona_id = persona_id.rsplit("-", 1)[0] + f"-n{self._index()}"
        self.corpus.personas[persona_id] = data
        self._write(f"personas/{persona_id}.yaml", data)
        return Change(f"Add persona {persona_id}", [f"personas/{persona_id}.yaml"])

    def _index(self) -> int:
        self.next_index += 1
        return self.next_index

    def _linked(self, icp_id: str) -> int:
        return sum(icp_id in p["icps"] for p in self.corpus.personas.values())

    def _referenced(self, icp_id: str, pain_id: str) -> bool:
        reference = f"{icp_id}#{pain_id}"
        return any(reference in p.get("pain_points", ()) for p in self.corpus.personas.values())


def _numbers(editor: Editor, icp_id: str, data: dict[str, Any]) -> str:
    rng = editor.rng
    target = rng.choice(["employees", "estimated_accounts", "acv_usd", "win_rate_pct", "churn_pct", "site_count"])
    if target == "employees":
        employees = data["firmographics"]["employees"]
        employees["max"] = max(employees["min"], employees["max"] + rng.choice([-1, 1]) * rng.randrange(100, 1000, 50))
        data["fit_criteria"][0]["value"] = [employees["min"], employees["max"]]
        return f"Set employees max of {icp_id} to {employees['max']}"
    if target == "estimated_accounts":
        ceiling = min(9000, editor.corpus.segment_accounts(data["segment"]))
        data["estimated_accounts"] = rng.randint(50, ceiling)
        return f"Re-estimate accounts of {icp_id}: {data['estimated_accounts']}"
    if target == "site_count":
        data["fit_criteria"][2]["value"] = rng.randint(2, 8)
        return f"Require {data['fit_criteria'][2]['value']} sites for {icp_id}"
    for_us = data["value"]["for_us"]
    for_us[target] = rng.randrange(12_000, 150_000, 1000) if target == "acv_usd" else rng.randint(3, 45)
    return f"Update {target} of {icp_id} to {for_us[target]}"


def _add_pain(editor: Editor, icp_id: str, data: dict[str, Any]) -> str:
    theme = editor.rng.choice(synthetic.PAIN_THEMES)
    taken = set(editor.corpus.pain_ids(icp_id))
    suffix = "" if theme[0] not in taken else f"-{editor._index()}"
    pain = synthetic.pain_point(editor.rng, theme, suffix)
    data["pain_points"].insert(editor.rng.randint(0, len(data["pain_points"])), pain)
    return f"Add pain point '{pain['title']}' to {icp_id}"


def _remove_pain(editor: Editor, icp_id: str, data: dict[str, Any]) -> str:
    free = [p for p in data["pain_points"] if not editor._referenced(icp_id, p["id"])]
    if len(data["pain_points"]) < 3 or not free:
        return _severity(editor, icp_id, data)
    pain = editor.rng.choice(free)
    data["pain_points"].remove(pain)
    return f"Remove pain point '{pain['title']}' from {icp_id}"


def _severity(editor: Editor, icp_id: str, data: dict[str, Any]) -> str:
    pain = editor.rng.choice(data["pain_points"])
    pain["severity"] = editor.rng.choice(["low", "medium", "high", "critical"])
    return f"Rate {pain['id']} of {icp_id} {pain['severity']}"


def _status(editor: Editor, icp_id: str, data: dict[str, Any]) -> str:
    if data["status"] == "retired":
        return _numbers(editor, icp_id, data)
    data["status"] = "active" if data["status"] == "draft" else "draft"
    data["version"] += 1
    return f"Mark {icp_id} {data['status']} (version {data['version']})"


def _icp_list(editor: Editor, icp_id: str, data: dict[str, Any]) -> str:
    name, pool = editor.rng.choice([("goals", synthetic.GOALS), ("behaviors", synthetic.BEHAVIORS),
                                    ("environment", synthetic.ENVIRONMENT)])
    return _toggle_item(editor.rng, data, name, pool, icp_id)


def _icp_text(editor: Editor, icp_id: str, data: dict[str, Any]) -> str:
    sentences = data["summary"].split(". ")
    sentences[-1] = synthetic._sentence(editor.rng, editor.rng.choice(synthetic.INDUSTRIES).lower()).rstrip(".")
    data["summary"] = ". ".join(sentences) + "."
    return f"Reword the summary of {icp_id}"


def _version(editor: Editor, icp_id: str, data: dict[str, Any]) -> str:
    data["version"] += 1
    data["last_reviewed"] = editor.date
    return f"Review {icp_id}: version {data['version']}"


def _toggle_item(rng: random.Random, data: dict[str, Any], name: str, pool: list[str], entity: str) -> str:
    items = data[name]
    missing = [item for item in pool if item not in items]
    if len(items) > 1 and (not missing or rng.random() < 0.5):
        removed = items.pop(rng.randrange(len(items)))
        return f"Drop '{removed}' from {name} of {entity}"
    added = rng.choice(missing)
    items.insert(rng.randint(0, len(items)), added)
    return f"Add '{added}' to {name} of {entity}"


def _add_reference(editor: Editor, persona_id: str, data: dict[str, Any]) -> str:
    icp_id = editor.rng.choice(data["icps"])
    pains = data.setdefault("pain_points", [])
    options = [f"{icp_id}#{p}" for p in editor.corpus.pain_ids(icp_id) if f"{icp_id}#{p}" not in pains]
    if not options:
        return _persona_list(editor, persona_id, data)
    reference = editor.rng.choice(options)
    pains.insert(0, reference)
    return f"{persona_id} feels {reference}"


def _remove_reference(editor: Editor, persona_id: str, data: dict[str, Any]) -> str:
    pains = data.get("pain_points", [])
    references = [p for p in pains if isinstance(p, str)]
    if len(pains) < 2 or not references:
        return _add_reference(editor, persona_id, data)
    reference = editor.rng.choice(references)
    pains.remove(reference)
    return f"{persona_id} no longer feels {reference}"


def _link(editor: Editor, persona_id: str, data: dict[str, Any]) -> str:
    options = [i for i, d in editor.corpus.icps.items() if d["status"] != "retired" and i not in data["icps"]]
    if not options:
        return _quote(editor, persona_id, data)
    icp_id = editor.rng.choice(options)
    data["icps"].append(icp_id)
    return f"Link {persona_id} to {icp_id}"


def _unlink(editor: Editor, persona_id: str, data: dict[str, Any]) -> str:
    links = data["icps"]
    candidates = [i for i in links[1:] if editor._linked(i) > 1]
    current = [i for i in links if editor.corpus.icps[i]["status"] != "retired"]
    if not candidates or len(current) < 2:
        return _link(editor, persona_id, data)
    icp_id = editor.rng.choice(candidates)
    links.remove(icp_id)
    data["pain_points"] = [p for p in data.get("pain_points", [])
                           if not (isinstance(p, str) and p.startswith(f"{icp_id}#"))]
    if not data["pain_points"]:
        del data["pain_points"]
    return f"Unlink {persona_id} from {icp_id}"


def _persona_list(editor: Editor, persona_id: str, data: dict[str, Any]) -> str:
    lists = [("goals", synthetic.GOALS), ("kpis", synthetic.KPIS), ("channels", synthetic.CHANNELS)]
    name, pool = editor.rng.choice(lists)
    return _toggle_item(editor.rng, data, name, pool, persona_id)


def _quote(editor: Editor, persona_id: str, data: dict[str, Any]) -> str:
    data["quote"] = f"I need to see {editor.rng.choice(synthetic.KPIS).lower()} improve before I sign anything."
    return f"New quote for {persona_id}"


def _persona_review(editor: Editor, persona_id: str, data: dict[str, Any]) -> str:
    data["last_reviewed"] = editor.date
    return f"Review {persona_id}"


Edit = Callable[[Editor, str, dict[str, Any]], str]
# Each edit with its weight: how often people make it, roughly.
ICP_EDITS: list[tuple[Edit, int]] = [
    (_numbers, 30), (_add_pain, 10), (_remove_pain, 6), (_status, 8), (_severity, 4), (_icp_list, 12),
    (_icp_text, 12), (_version, 8),
]
PERSONA_EDITS: list[tuple[Edit, int]] = [
    (_add_reference, 20), (_remove_reference, 10), (_link, 8), (_unlink, 4), (_persona_list, 25), (_quote, 15),
    (_persona_review, 10),
]


def _pick(rng: random.Random, edits: list[tuple[Edit, int]]) -> Edit:
    return rng.choices([edit for edit, _ in edits], [weight for _, weight in edits])[0]
