"""What changed between two versions of a profile, or of a whole content set, field by field.

One engine for three uses: the history of a file (consecutive commits), pull-request
review (two revisions) and release comparison (two tags). Lists of objects are
matched by their id or name, lists of words as sets, and text ignores whitespace.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from icpdocs.fieldnames import field_label, item_noun, kind_name, lower_first
from icpdocs.worddiff import SHOWN_VALUE, plain, show, shorten, squash, word_diff

if TYPE_CHECKING:
    from icpdocs.catalog import Catalog
    from icpdocs.loader import Document

ChangeKind = Literal["added", "removed", "changed"]
EntityStatus = Literal["created", "deleted", "renamed", "modified"]
FieldPath = tuple[str | int, ...]

KIND_ORDER = {"market": 0, "icp": 1, "persona": 2}
SHORT_TEXT = 60

# How the items of a list of objects are matched, by the list's field name: the
# first group of fields an item has decides its key.
_KEYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "fit_criteria": (("attribute", "op"),),
    "objections": (("objection",),),
    "evidence": (("claim",),),
}
_DEFAULT_KEYS = (("id",), ("title",), ("name",), ("objection",), ("claim",), ("attribute", "op"))
_NAME_FIELDS = ("title", "name", "objection", "claim", "id")
# Lists compared as one value: a fit criterion's `value` is an operand, not a set of facts.
_ATOMIC = {("fit_criteria", "*", "value")}


@dataclass(frozen=True)
class Change:
    """One field-level change; `path` holds field names and item keys, never list indexes."""

    entity_kind: str
    entity_id: str
    path: FieldPath
    kind: ChangeKind
    old: Any
    new: Any
    label: str
    word_diff: str = ""


@dataclass(frozen=True)
class EntityDiff:
    """How one profile differs between two content sets."""

    kind: str
    id: str
    status: EntityStatus
    changes: tuple[Change, ...]
    old_path: str = ""
    new_path: str = ""
    old_id: str = ""

    @property
    def label(self) -> str:
        return entity_label(self.kind, self.id, self.status, self.old_id)


def describe(change: Change) -> str:
    """Return the change in plain words."""
    return change.label


def entity_label(kind: str, entity_id: str, status: str, old_id: str = "") -> str:
    """Return "ICP retired-segment removed" and the like."""
    subject = "Market file" if kind == "market" else f"{kind_name(kind)} {entity_id}"
    if status == "renamed" and old_id and old_id != entity_id:
        return f"{kind_name(kind)} {old_id} renamed to {entity_id}"
    words = {"created": "added", "deleted": "removed", "renamed": "moved", "modified": "changed"}
    return f"{subject} {words.get(status, status)}"


def rename_change(kind: str, old_id: str, new_id: str) -> Change:
    """Return the change that stands for a profile whose id (file name) changed."""
    return Change(kind, new_id, (), "changed", old_id, new_id, entity_label(kind, new_id, "renamed", old_id))


def diff_entity(
    kind: str, entity_id: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> tuple[Change, ...]:
    """Return the changes from `old` to `new`; a missing side gives one whole-profile change."""
    if old is None and new is None:
        return ()
    if old is None or new is None:
        status = "created" if old is None else "deleted"
        change_kind: ChangeKind = "added" if old is None else "removed"
        return (Change(kind, entity_id, (), change_kind, old, new, entity_label(kind, entity_id, status)),)
    return tuple(_Differ(kind, entity_id).compare(_Where((), ()), old, new))


def diff_documents(old_docs: Iterable[Document], new_docs: Iterable[Document]) -> list[EntityDiff]:
    """Return how each profile differs, keyed by (kind, id); an id moved without edits is a rename."""
    old = {doc.key: doc for doc in old_docs}
    new = {doc.key: doc for doc in new_docs}
    diffs: list[EntityDiff] = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (KIND_ORDER.get(k[0], 9), k[1])):
        before, after = old.get(key), new.get(key)
        changes = diff_entity(key[0], key[1], before.data if before else None, after.data if after else None)
        if not changes and before and after and before.path == after.path:
            continue
        status: EntityStatus = "created" if before is None else "deleted" if after is None else "modified"
        if status == "modified" and not changes:
            status = "renamed"
        diffs.append(EntityDiff(key[0], key[1], status, changes, before.path if before else "",
                                after.path if after else "", key[1] if before else ""))
    return _pair_renames(diffs, old, new)


def diff_catalogs(old: Catalog, new: Catalog) -> list[EntityDiff]:
    """Return how each profile differs between two catalogs."""
    return diff_documents(old.documents.values(), new.documents.values())


def _pair_renames(diffs: list[EntityDiff], old: dict[Any, Document], new: dict[Any, Document]) -> list[EntityDiff]:
    """Report a removed id and an added id of the same kind with identical data as one rename."""
    used: set[int] = set()
    renamed: dict[int, EntityDiff] = {}
    # Only profiles with the same kind and name can be equal: compare within those buckets,
    # so renaming hundreds of files costs a diff per rename, not one per pair.
    deleted: dict[tuple[str, str], list[int]] = {}
    for other, gone in enumerate(diffs):
        if gone.status == "deleted":
            deleted.setdefault(_rename_bucket(gone.kind, old[(gone.kind, gone.id)].data), []).append(other)
    for index, diff in enumerate(diffs):
        if diff.status != "created":
            continue
        data = new[(diff.kind, diff.id)].data
        for other in deleted.get(_rename_bucket(diff.kind, data), []):
            gone = diffs[other]
            if other in used:
                continue
            if not diff_entity(gone.kind, gone.id, old[(gone.kind, gone.id)].data, data):
                used.add(other)
                changes = (rename_change(diff.kind, gone.id, diff.id),)
                renamed[index] = EntityDiff(diff.kind, diff.id, "renamed", changes, gone.old_path, diff.new_path,
                                            gone.id)
                break
    return [renamed.get(index, diff) for index, diff in enumerate(diffs) if index not in used]


def _rename_bucket(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    return (kind, " ".join(str(data.get("name", "")).split()))


@dataclass(frozen=True)
class _Where:
    """Where the walk stands: the change path, the schema path ("*" = an item), the item's name."""

    path: FieldPath
    fields: tuple[str, ...]
    item: str = ""

    def field(self, name: str) -> _Where:
        return _Where((*self.path, name), (*self.fields, name), self.item)


class _Differ:
    """Walks two versions of one profile and yields their changes."""

    def __init__(self, kind: str, entity_id: str) -> None:
        self.kind = kind
        self.entity_id = entity_id

    def compare(self, where: _Where, old: Any, new: Any) -> Iterator[Change]:
        old, new = _present(old), _present(new)
        if old is None and new is None:
            return
        if isinstance(old, (dict, list)) and old == new:
            return  # fast path for unchanged subtrees
        if old is None or new is None:
            yield from self._one_side(where, new if old is None else old, added=old is None)
        elif isinstance(old, dict) and isinstance(new, dict):
            yield from self._mapping(where, old, new)
        elif isinstance(old, list) and isinstance(new, list) and where.fields not in _ATOMIC:
            yield from self._sequence(where, old, new)
        elif not _same(old, new):
            yield self._changed(where, old, new)

    def _mapping(self, where: _Where, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
        for key in dict.fromkeys([*old, *new]):
            yield from self.compare(where.field(key), old.get(key), new.get(key))

    def _sequence(self, where: _Where, old: list[Any], new: list[Any]) -> Iterator[Change]:
        name = where.fields[-1] if where.fields else ""
        olds, news = _keyed(name, old), _keyed(name, new)
        for key, item in news.items():
            if key not in olds:
                yield self._item(where, key, item, added=True)
            elif isinstance(item, dict) and isinstance(olds[key], dict):
                yield from self._mapping(self._inside(where, key, olds[key], item), olds[key], item)
            elif not _same(olds[key], item):
                yield self._changed(_Where((*where.path, key), (*where.fields, "*"), where.item), olds[key], item)
        for key, item in olds.items():
            if key not in news:
                yield self._item(where, key, item, added=False)

    def _inside(self, where: _Where, key: str, old: dict[str, Any], new: dict[str, Any]) -> _Where:
        name = _item_name(new)
        if name != _item_name(old) or not name:
            name = key  # the name itself changed: call the item by its key
        noun = self._prefixed(where, item_noun(self.kind, where.fields))
        return _Where((*where.path, key), (*where.fields, "*"), f"{noun} '{shorten(name, SHORT_TEXT)}'")

    def _item(self, where: _Where, key: str, item: Any, *, added: bool) -> Change:
        noun = self._prefixed(where, item_noun(self.kind, where.fields))
        shown = _item_name(item) if isinstance(item, dict) else show(item)
        path = (*where.path, key) if isinstance(item, dict) else where.path
        verb: ChangeKind = "added" if added else "removed"
        label = f"{noun} {verb}: {shorten(shown or key, SHOWN_VALUE)}"
        return Change(self.kind, self.entity_id, path, verb, None if added else item, item if added else None, label)

    def _one_side(self, where: _Where, value: Any, *, added: bool) -> Iterator[Change]:
        """Report a field that appears or disappears; containers as their parts."""
        if isinstance(value, dict):
            yield from self._mapping(where, {} if added else value, value if added else {})
        elif isinstance(value, list) and where.fields not in _ATOMIC:
            yield from self._sequence(where, [] if added else value, value if added else [])
        elif added:
            yield self._make(where, "added", None, value, f"{self._name(where)} added: {show(value)}")
        else:
            yield self._make(where, "removed", value, None, f"{self._name(where)} removed (was {show(value)})")

    def _changed(self, where: _Where, old: Any, new: Any) -> Change:
        name = self._name(where)
        if isinstance(old, str) and isinstance(new, str):
            words = word_diff(old, new)
            if _is_long(old) or _is_long(new):
                return self._make(where, "changed", old, new, f"{name} edited: {words}", words)
            return self._make(where, "changed", old, new, f"{name}: {show(old)} -> {show(new)}", words)
        return self._make(where, "changed", old, new, f"{name}: {show(old)} -> {show(new)}")

    def _make(self, where: _Where, kind: ChangeKind, old: Any, new: Any, label: str, words: str = "") -> Change:
        return Change(self.kind, self.entity_id, where.path, kind, old, new, label, words)

    def _name(self, where: _Where) -> str:
        return self._prefixed(where, field_label(self.kind, where.fields))

    @staticmethod
    def _prefixed(where: _Where, label: str) -> str:
        return f"{where.item} {lower_first(label)}" if where.item else label


def _keyed(list_name: str, items: list[Any]) -> dict[str, Any]:
    """Return the items of a list by their key; words repeat as one, objects with one key are counted."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        key = _item_key(list_name, item)
        group = groups.setdefault(key, [])
        if isinstance(item, dict) or not group:
            group.append(item)
    keyed: dict[str, Any] = {}
    for key, group in groups.items():
        if len(group) == 1:
            keyed[key] = group[0]
            continue
        names = [_item_name(item) for item in group]
        if len(set(names)) == len(names):
            keyed.update((f"{key} ({name})", item) for name, item in zip(names, group, strict=False))
            continue
        # Sorted so that the order of items sharing a key never matters.
        for count, item in enumerate(sorted(group, key=_canonical), 1):
            keyed[f"{key} ({count})"] = item
    return keyed


def _item_key(list_name: str, item: Any) -> str:
    if isinstance(item, dict):
        for fields in _KEYS.get(list_name, _DEFAULT_KEYS):
            values = [item.get(field) for field in fields]
            if all(_is_scalar(v) and squash(plain(v)) for v in values):
                return " ".join(squash(plain(v)) for v in values)
        return _canonical(item)
    if isinstance(item, list):
        return _canonical(item)
    return squash(plain(item))


def _item_name(item: dict[str, Any]) -> str:
    if _is_scalar(item.get("attribute")) and _is_scalar(item.get("op")):
        return f"{plain(item['attribute'])} {plain(item['op'])}"
    for field in _NAME_FIELDS:
        if _is_scalar(item.get(field)) and squash(plain(item[field])):
            return squash(plain(item[field]))
    return ""


def _present(value: Any) -> Any:
    """Return None for a value that says nothing: null or blank text."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return squash(a) == squash(b)
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if isinstance(a, list) and isinstance(b, list):
        if all(isinstance(x, str) for x in (*a, *b)):
            return {squash(x) for x in a} == {squash(x) for x in b}
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=False))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and bool(a == b)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _is_long(text: str) -> bool:
    return "\n" in text.strip() or len(squash(text)) > SHORT_TEXT


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
