"""C2SP tlog-tiles (c2sp.org/tlog-tiles): the Merkle tree's hashes as static tiles.

Pure: no I/O. Numbered comments cite the tlog-tiles specification.

A *tile* holds up to 256 consecutive hashes of one level of the tree. Tile
level ``L`` holds Merkle level ``8 * L`` (tiles have height 8): tile level 0
holds the leaf hashes (RFC 9162 ``HASH(0x00 || entry digest)``), tile level 1
the hashes of perfect subtrees of 256 leaves, and so on. These are exactly the
perfect-subtree hashes the ledger stores (:mod:`ledger.integrity.merkle`), so
a tile is a range read of one stored level, never a computation.

Only hash tiles exist here. The spec's entry bundles (``tile/entries/...``)
would publish the entries themselves, and entries are personal data (who was
shared about, with whom): they are never served (docs/checkpoints.md §9).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.integrity.merkle import HASH_SIZE, MAX_LEVELS

#: §"Merkle Tree": tiles are 2**8 = 256 hashes wide, so each spans 8 tree levels.
TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
#: The highest tile level whose hashes a uint64 tree size can hold.
MAX_TILE_LEVEL = (MAX_LEVELS - 1) // TILE_HEIGHT

_GROUP = re.compile(r"x[0-9]{3}", re.ASCII)
_LAST = re.compile(r"[0-9]{3}", re.ASCII)
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,2}", re.ASCII)


class TilePathError(ValueError):
    """A tile path that is not in the spec's one canonical form."""


@dataclass(frozen=True, slots=True)
class Tile:
    """Tile ``index`` of tile level ``level``, holding ``width`` hashes (256: a full tile)."""

    level: int
    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        if not 0 <= self.level <= MAX_TILE_LEVEL:
            raise TilePathError(f"the tile level must be 0 to {MAX_TILE_LEVEL}")
        if self.index < 0:
            raise TilePathError("the tile index cannot be negative")
        if not 1 <= self.width <= TILE_WIDTH:
            raise TilePathError(f"the tile width must be 1 to {TILE_WIDTH}")

    @property
    def partial(self) -> bool:
        return self.width < TILE_WIDTH

    @property
    def merkle_level(self) -> int:
        """The level of the stored nodes this tile holds."""
        return self.level * TILE_HEIGHT

    @property
    def first(self) -> int:
        """The index, on :attr:`merkle_level`, of the tile's first hash."""
        return self.index * TILE_WIDTH

    @property
    def last(self) -> int:
        """The index, on :attr:`merkle_level`, of the tile's last hash."""
        return self.first + self.width - 1


def encode_index(index: int) -> str:
    """§"Merkle Tree": N as 3-digit groups, all but the last prefixed with ``x``.

    1234067 is ``x001/x234/067``; 5 is ``005``.
    """
    if index < 0:
        raise TilePathError("the tile index cannot be negative")
    groups = []
    while True:
        groups.append(f"{index % 1000:03d}")
        index //= 1000
        if index == 0:
            break
    groups.reverse()
    return "/".join([*(f"x{g}" for g in groups[:-1]), groups[-1]])


def tile_path(tile: Tile) -> str:
    """``tile/<L>/<N>[.p/<W>]``: the tile's path below the log's prefix."""
    suffix = f".p/{tile.width}" if tile.partial else ""
    return f"tile/{tile.level}/{encode_index(tile.index)}{suffix}"


def _decimal(text: str, what: str) -> int:
    if not _DECIMAL.fullmatch(text):
        raise TilePathError(f"the {what} must be decimal without leading zeros")
    return int(text)


def parse_tile(level: str, rest: str) -> Tile:
    """The tile named by ``tile/<level>/<rest>``; only the canonical spelling is accepted.

    Two spellings of one tile would be two cache entries of one immutable
    object, so ``x000`` groups, leading zeros and a ``.p/256`` are refused.
    """
    parts = rest.split("/")
    width = TILE_WIDTH
    if len(parts) >= 2 and parts[-2].endswith(".p"):
        width = _decimal(parts[-1], "tile width")
        if not 1 <= width < TILE_WIDTH:
            raise TilePathError(f"a partial tile's width must be 1 to {TILE_WIDTH - 1}")
        parts = [*parts[:-2], parts[-2][: -len(".p")]]
    *groups, last = parts
    if not _LAST.fullmatch(last) or not all(_GROUP.fullmatch(g) for g in groups):
        raise TilePathError("the tile index must be 3-digit groups, all but the last x-prefixed")
    if groups and groups[0] == "x000":
        raise TilePathError("the tile index must not start with a zero group")
    index = int("".join([*(g[1:] for g in groups), last]))
    return Tile(_decimal(level, "tile level"), index, width)


def hashes_at(tile_level: int, tree_size: int) -> int:
    """How many hashes tile level ``tile_level`` holds in a tree of ``tree_size`` leaves.

    A stored node ``(level, index)`` belongs to the tree of ``n`` leaves iff
    ``index < n >> level`` (docs/checkpoints.md §2.3).
    """
    return tree_size >> (tile_level * TILE_HEIGHT)


def available(tile: Tile, tree_size: int) -> bool:
    """Whether the tree of ``tree_size`` leaves holds every hash of ``tile``.

    A partial tile of width W stays available when its full tile is: its
    bytes are the full tile's first W hashes, for ever (the tree only grows).
    """
    return tile.last < hashes_at(tile.level, tree_size)


def tile_bytes(hashes: list[bytes]) -> bytes:
    """§"Merkle Tree": a tile is its hashes concatenated, nothing else."""
    for value in hashes:
        if len(value) != HASH_SIZE:
            raise ValueError(f"a tile hash is {HASH_SIZE} bytes, not {len(value)}")
    return b"".join(hashes)
