"""C2SP tlog-tiles paths and availability (ledger.integrity.tiles)."""

from __future__ import annotations

import pytest

from ledger.integrity.tiles import (
    Tile,
    TilePathError,
    available,
    encode_index,
    parse_tile,
    tile_path,
)


@pytest.mark.parametrize(
    ("index", "encoded"),
    [(0, "000"), (5, "005"), (999, "999"), (1000, "x001/000"), (1234067, "x001/x234/067")],
)
def test_an_index_is_three_digit_groups(index: int, encoded: str) -> None:
    """The spec's example: 1234067 is x001/x234/067."""
    assert encode_index(index) == encoded


@pytest.mark.parametrize("tile", [Tile(0, 0), Tile(0, 1234067, 5), Tile(2, 1000), Tile(7, 3, 255)])
def test_a_path_parses_back_to_its_tile(tile: Tile) -> None:
    """parse_tile(tile_path(t)) is t, partial or full."""
    _, level, rest = tile_path(tile).split("/", 2)
    assert parse_tile(level, rest) == tile


@pytest.mark.parametrize(
    ("level", "rest"),
    [
        ("0", "5"),
        ("0", "x000/005"),
        ("01", "000"),
        ("0", "000.p/256"),
        ("0", "000.p/007"),
        ("8", "000"),
        ("0", "000.p"),
        ("0", "x1/000"),
        ("-1", "000"),
        ("0", ""),
    ],
)
def test_every_other_spelling_is_refused(level: str, rest: str) -> None:
    """Leading zeros, zero groups, width 256 as partial, levels past 7: TilePathError."""
    with pytest.raises(TilePathError):
        parse_tile(level, rest)


def test_a_tile_is_available_once_the_tree_holds_its_last_hash() -> None:
    """Tile 0/001.p/44 needs 300 leaves; the full tile 1/000 needs 65536."""
    assert available(Tile(0, 1, 44), 300)
    assert not available(Tile(0, 1, 45), 300)
    assert available(Tile(0, 0), 300)
    assert not available(Tile(1, 0), 65535)
    assert available(Tile(1, 0), 65536)
