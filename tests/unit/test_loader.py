"""Loading content folders into Documents: kinds, ids, positions and what is skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from icpdocs.loader import Document, FolderSource, classify, load, suggest_id
from icpdocs.yamlsource import Position

HERE = Path(__file__).parent
MINIMAL = HERE.parent / "cases" / "valid" / "minimal"


def copy_minimal(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    return content


@pytest.mark.parametrize(("relative", "expected"), [
    ("market.yaml", ("market", "market")),
    ("market.yml", ("market", "market")),
    ("icps/mid-market.yaml", ("icp", "mid-market")),
    ("icps/a1-b2.yml", ("icp", "a1-b2")),
    ("personas/carla-ceo.yaml", ("persona", "carla-ceo")),
    ("icps/market.yaml", ("icp", "market")),
])
def test_classify_places_and_ids(relative: str, expected: tuple[str, str]) -> None:
    assert classify(relative) == expected


@pytest.mark.parametrize("relative", [
    "icps/Mid.yaml", "icps/mid market.yaml", "icps/mid..market.yaml", "icps/mid--market.yaml", "icps/-mid.yaml",
    "icps/mid-.yaml", "icps/mid_market.yaml", "icps/café.yaml", "icps/" + "a" * 65 + ".yaml",
])
def test_classify_rejects_bad_ids(relative: str) -> None:
    message = classify(relative)
    assert isinstance(message, str) and message.startswith("name '") and "is not a valid id" in message


def test_an_id_of_exactly_64_characters_is_fine() -> None:
    assert classify("icps/" + "a" * 64 + ".yaml") == ("icp", "a" * 64)


@pytest.mark.parametrize("relative", ["profiles/x.yaml", "icps/old/x.yaml", "notes.yaml", "persona/x.yaml"])
def test_classify_rejects_unknown_places(relative: str) -> None:
    assert classify(relative) == (
        "is not in a known place: content is market.yaml, icps/<id>.yaml or personas/<id>.yaml"
    )


@pytest.mark.parametrize(("name", "suggestion"), [
    ("Mid Market", "mid-market"), ("carla-céo", "carla-ceo"), ("mid..market", "mid-market"),
    ("__x__", "x"), ("日本", ""), ("a" * 65, ""),
])
def test_suggest_id(name: str, suggestion: str) -> None:
    assert suggest_id(name) == suggestion


def test_documents_carry_kind_id_path_data_and_positions(tmp_path: Path) -> None:
    result = load(FolderSource(copy_minimal(tmp_path), label="content"))
    assert result.diagnostics == []
    by_key = {d.key: d for d in result.documents}
    assert sorted(by_key) == [("icp", "mid-market"), ("market", "market"), ("persona", "carla-ceo")]
    persona = by_key[("persona", "carla-ceo")]
    assert (persona.path, persona.display_path) == ("personas/carla-ceo.yaml", "content/personas/carla-ceo.yaml")
    assert persona.data["icps"] == ["mid-market"]
    assert persona.position(("icps", 0)) == Position(4, 8)
    assert persona.position(("icps",), key=True) == Position(4, 1)


def test_position_falls_back_to_the_nearest_ancestor() -> None:
    document = Document("icp", "x", "icps/x.yaml", {"a": {"b": 1}},
                       positions={(): Position(1, 1), ("a",): Position(2, 3)})
    assert document.position(("a", "b", "c")) == Position(2, 3)
    assert document.position(("missing",)) == Position(1, 1)
    assert document.position(("a",), key=True) == Position(2, 3)


def test_hidden_and_non_content_files_are_skipped_and_markdown_is_kept(tmp_path: Path) -> None:
    content = copy_minimal(tmp_path)
    (content / ".git-notes.yaml").write_text("broken: [")
    (content / ".drafts").mkdir()
    (content / ".drafts" / "x.yaml").write_text("broken: [")
    (content / "icps" / "notes.txt").write_text("not content")
    (content / "icps" / "image.png").write_bytes(b"\x89PNG")
    (content / "overview.md").write_text("# Overview\n")
    result = load(FolderSource(content, label="content"))
    assert result.diagnostics == []
    assert result.markdown_pages == {"overview.md": b"# Overview\n"}
    assert len(result.documents) == 3


def test_files_that_fail_to_load_are_listed_as_unreadable(tmp_path: Path) -> None:
    content = copy_minimal(tmp_path)
    (content / "icps" / "broken.yaml").write_text("name: [\n")
    (content / "personas" / "Bad Name.yaml").write_text("name: x\n")
    result = load(FolderSource(content, label="content"))
    assert result.unreadable == {("icp", "broken"), ("persona", "Bad Name")}
    assert len(result.documents) == 3


def test_a_missing_folder_reads_as_no_files(tmp_path: Path) -> None:
    result = load(FolderSource(tmp_path / "nowhere", label="content"))
    assert result.documents == []
    assert [d.format() for d in result.diagnostics] == [
        "content/market.yaml:1:1: error: market.yaml is missing "
        "(hint: every content folder needs one market.yaml with the company and its TAM)",
    ]


def test_an_unreadable_market_is_not_also_reported_missing(tmp_path: Path) -> None:
    content = copy_minimal(tmp_path)
    (content / "market.yaml").write_text("- a list\n")
    messages = [d.message for d in load(FolderSource(content, label="content")).diagnostics]
    assert messages == ["the top level is a list, not a mapping of fields"]


def test_an_empty_label_shows_paths_relative_to_the_content_root(tmp_path: Path) -> None:
    content = copy_minimal(tmp_path)
    (content / "icps" / "mid-market.yaml").write_text("name: [\n")
    result = load(FolderSource(content, label=""))
    assert [d.file for d in result.diagnostics] == ["icps/mid-market.yaml"]


def test_the_default_label_is_the_folder_path(tmp_path: Path) -> None:
    content = copy_minimal(tmp_path)
    (content / "icps" / "mid-market.yaml").write_text("name: [\n")
    assert [d.file for d in load(FolderSource(content)).diagnostics] == [f"{content}/icps/mid-market.yaml"]
