"""Safe YAML reading: plain values, positions of values and keys, and every rejection."""

from __future__ import annotations

import pytest

from icpdocs.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, Position, YamlProblem, decode, parse


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    return caught.value


def test_values_keep_their_plain_types() -> None:
    value = parse("a: 1\nb: 1.5\nc: true\nd: null\ne: text\nf: [x, 2]\ng: {h: no}\n")
    assert value.data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "text", "f": ["x", 2], "g": {"h": False}}


def test_dates_and_timestamps_stay_text_for_the_schema_to_check() -> None:
    assert parse("d: 2026-10-01\nt: 2026-10-01 10:00:00\n").data == {"d": "2026-10-01", "t": "2026-10-01 10:00:00"}


def test_positions_of_values_and_keys_are_one_based() -> None:
    value = parse("name: Carla\npains:\n  - id: audit\n    severity: high\n")
    assert value.positions[()] == Position(1, 1)
    assert value.positions[("name",)] == Position(1, 7)
    assert value.key_positions[("name",)] == Position(1, 1)
    assert value.positions[("pains", 0)] == Position(3, 5)
    assert value.positions[("pains", 0, "severity")] == Position(4, 15)
    assert value.key_positions[("pains", 0, "severity")] == Position(4, 5)


def test_flow_collections_have_positions_per_item() -> None:
    value = parse("icps: [a, bb, ccc]\n")
    assert [value.positions[("icps", i)] for i in range(3)] == [Position(1, 8), Position(1, 11), Position(1, 15)]


def test_crlf_line_endings_count_lines_once() -> None:
    assert parse("a: 1\r\nb: 2\r\n").positions[("b",)] == Position(2, 4)


def test_small_anchors_and_aliases_are_allowed() -> None:
    assert parse("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_explicit_document_markers_make_one_document() -> None:
    assert parse("---\na: 1\n...\n").data == {"a": 1}


@pytest.mark.parametrize("text", ["x: .nan", "x: .inf", "x: -.Inf", "x: 1.0e999"])
def test_non_finite_numbers_stay_text_so_the_schema_names_the_field(text: str) -> None:
    assert parse(text).data == {"x": text.removeprefix("x: ")}


def test_an_integer_too_long_for_python_stays_text() -> None:
    digits = "9" * 5000
    assert parse(f"x: {digits}\n").data == {"x": digits}


def test_empty_and_comment_only_files_are_empty() -> None:
    assert problem("").message == "file is empty"
    assert problem("# only a comment\n").message == "file is empty"
    assert problem("---\n").message == "file is empty"


def test_syntax_error_names_where_the_unclosed_value_starts() -> None:
    found = problem("a: 1\nb: [1, 2\nc: 3\n")
    assert found.position == Position(3, 2)
    assert found.message == (
        "YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence "
        "that starts at line 2, column 4"
    )


def test_tab_indentation_says_so() -> None:
    found = problem("a:\n\tb: 1\n")
    expected = ("YAML syntax error: a tab character is used for indentation", Position(2, 1))
    assert (found.message, found.position) == expected
    assert "spaces" in found.hint


def test_several_documents_are_rejected_at_the_second() -> None:
    found = problem("a: 1\n---\nb: 2\n")
    assert found.message == "file holds more than one YAML document"
    assert found.position == Position(2, 1)


@pytest.mark.parametrize(("text", "path", "line"), [
    ("a: 1\nb: 2\na: 3\n", "a", 3),
    ("a:\n  b: 1\n  b: 2\n", "a.b", 3),
    ("items:\n  - id: x\n    t: 1\n    t: 2\n", "items[0] (id: x).t", 4),
    ("a: {b: 1, b: 2}\n", "a.b", 1),
])
def test_duplicate_keys_are_rejected_at_any_depth_with_their_path(text: str, path: str, line: int) -> None:
    found = problem(text)
    assert found.message.startswith("duplicate key")
    assert (found.path, found.position.line) == (path, line)


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/object/apply:os.system", "!!python/name:os",
                                 "!!binary", "!!set", "!!omap", "!custom"])
def test_tags_that_construct_objects_are_rejected(tag: str) -> None:
    found = problem(f"a: {tag} x\n")
    assert found.message == f"YAML tag {tag} is not allowed"
    assert (found.path, found.position) == ("a", Position(1, 4))


def test_a_tagged_collection_is_rejected() -> None:
    assert problem("a: !!python/tuple [1, 2]\n").message == "YAML tag !!python/tuple is not allowed"


def test_standard_tags_are_accepted() -> None:
    assert parse("a: !!str 12\nb: !!int '7'\nc: !!map {d: !!seq [1]}\n").data == {"a": "12", "b": 7, "c": {"d": [1]}}


@pytest.mark.parametrize("text", ["1: a\n", "yes: a\n", "null: a\n", "1.5: a\n"])
def test_keys_must_be_text(text: str) -> None:
    assert problem(text).message.endswith("is not text")


def test_collection_keys_are_rejected() -> None:
    assert problem("? [a]\n: b\n").message == "a mapping key must be text, not a list or mapping"


def test_merge_keys_are_rejected() -> None:
    assert problem("a: &x {b: 1}\nc:\n  <<: *x\n").message == "merge keys ('<<') are not supported"


def test_an_alias_without_anchor_is_rejected() -> None:
    found = problem("a: *nothing\n")
    assert (found.message, found.path) == ("alias *nothing names no anchor", "a")


def test_alias_bomb_is_stopped_by_the_node_count() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=False)]
    found = problem("\n".join(levels) + "\n")
    assert found.message == f"file expands to more than {MAX_NODES:,} values (aliases repeat content)"


def test_node_count_just_under_the_cap_is_fine() -> None:
    items = ", ".join(["1"] * (MAX_NODES - 10))
    assert len(parse(f"a: [{items}]\n").data["a"]) == MAX_NODES - 10


def test_nesting_up_to_the_cap_is_fine_and_one_more_is_rejected() -> None:
    # The top-level mapping is one level, so MAX_DEPTH - 1 lists fit inside it.
    fits = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    parse(fits)
    found = problem("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert found.message == f"values are nested more than {MAX_DEPTH} levels deep"
    assert found.path == "a"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1_000, 1_001, 50_000])
def test_very_deep_nesting_does_not_crash_the_parser(depth: int) -> None:
    # PyYAML 6.0.4's libyaml stops at 1,000 levels with a message of its own, 6.0.3's does not:
    # every depth past the limit gives the one diagnostic, at the first level too deep.
    flow = problem("a: " + "[" * depth + "]" * depth + "\n")
    assert (flow.message, flow.position, flow.path) == (
        f"values are nested more than {MAX_DEPTH} levels deep", Position(1, 3 + MAX_DEPTH), "a")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1_001, 2_000])
def test_very_deep_block_nesting_gives_the_same_diagnostic(depth: int) -> None:
    text = "a:\n" + "".join("  " * level + "b:\n" for level in range(1, depth)) + "  " * depth + "1\n"
    block = problem(text)
    assert (block.message, block.position, block.path) == (
        f"values are nested more than {MAX_DEPTH} levels deep", Position(MAX_DEPTH + 1, 2 * MAX_DEPTH + 1), "a")


def test_decode_reports_a_byte_order_mark() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n") == ("a: 1\n", True)
    assert decode(b"a: 1\n") == ("a: 1\n", False)


def test_decode_rejects_non_utf8_at_the_character_column() -> None:
    with pytest.raises(YamlProblem) as caught:
        decode("a: 1\nname: Zoë Zürich\n".encode().replace("ü".encode(), b"\xfc"))
    assert caught.value.message == "byte 0xfc is not valid UTF-8"
    assert caught.value.position == Position(2, 12)


def test_decode_rejects_files_over_the_cap_before_decoding() -> None:
    with pytest.raises(YamlProblem) as caught:
        decode(b"a" * (MAX_FILE_BYTES + 1))
    assert caught.value.message == f"file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)"
    assert decode(b"a" * MAX_FILE_BYTES)[0] == "a" * MAX_FILE_BYTES
