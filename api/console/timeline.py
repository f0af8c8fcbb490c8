"""The who-saw-what timeline: accesses and disclosures over time, one lane per organisation.

Pure: entries in, a :class:`Chart` of coordinates out; the template draws it
as an inline SVG, so nothing runs in the browser. Accesses are blue circles
and disclosures red diamonds (shape and colour both differ, so the chart
reads in greyscale and for colour-blind readers); entries that fall in the
same lane and time column are merged into one mark whose area grows with
the count, and each mark's tooltip says how many, by whom, and when. The
table under the chart is the accessible, exact version of the same data.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from projections.reports.who_saw import ActivityEntry

WIDTH = 960
LEFT = 230  # room for lane labels
RIGHT = 24
TOP = 16
LANE = 36
AXIS = 44
COLUMNS = 52
MAX_LANES = 10
LABEL_CHARS = 30
OTHERS = "Other organisations"
KINDS = ("access", "share")


@dataclass(frozen=True, slots=True)
class Lane:
    label: str  # as drawn (shortened)
    organisation: str  # in full
    y: float
    accesses: int
    disclosures: int


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    radius: float
    kind: str  # access | share
    count: int
    title: str

    @property
    def points(self) -> str:
        """The diamond's corners, for a disclosure's <polygon>."""
        x, y, r = self.x, self.y, self.radius * 1.2
        return f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    start: datetime
    end: datetime
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    description: str


def lane_of(entry: ActivityEntry) -> str:
    """Who saw it: the reader's organisation for an access, the recipient for a disclosure."""
    if entry.kind == "share":
        return entry.recipient or "unknown recipient"
    return entry.organisation


def timeline(
    entries: Sequence[ActivityEntry],
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    columns: int = COLUMNS,
    max_lanes: int = MAX_LANES,
    display_names: Mapping[str, str] | None = None,
) -> Chart | None:
    """The chart of ``entries`` (accesses and disclosures) between ``start`` and ``end``.

    Without bounds the chart spans the entries. None when there is nothing to draw.
    ``display_names``: organisations' registered names, drawn instead of their identifiers.
    """
    known = display_names or {}
    drawn = [e for e in entries if e.kind in KINDS]
    if not drawn:
        return None
    first = start or min(e.occurred_at for e in drawn)
    last = end or max(e.occurred_at for e in drawn)
    if last - first < timedelta(days=1):
        first, last = first - timedelta(hours=12), last + timedelta(hours=12)
    totals = Counter(lane_of(e) for e in drawn)
    ranked = sorted(totals, key=lambda org: (-totals[org], org))
    shown = ranked if len(ranked) <= max_lanes else ranked[: max_lanes - 1]
    lane_name = {org: (org if org in shown else OTHERS) for org in ranked}
    names = shown + ([OTHERS] if len(shown) < len(ranked) else [])
    height = TOP + LANE * len(names) + AXIS
    bottom = TOP + LANE * len(names)
    right = WIDTH - RIGHT
    span = (last - first).total_seconds()
    column_width = (right - LEFT) / columns

    def column(moment: datetime) -> int:
        offset = (moment - first).total_seconds() / span
        return max(0, min(columns - 1, int(offset * columns)))

    lane_y = {name: TOP + LANE * (i + 0.5) for i, name in enumerate(names)}
    counts = Counter((lane_name[lane_of(e)], column(e.occurred_at), e.kind) for e in drawn)
    marks = []
    for (name, index, kind), count in sorted(counts.items()):
        column_start = first + timedelta(seconds=span * index / columns)
        column_end = first + timedelta(seconds=span * (index + 1) / columns)
        what = (
            f"{count} access{'es' if count != 1 else ''} by"
            if kind == "access"
            else f"{count} disclosure{'s' if count != 1 else ''} to"
        )
        marks.append(
            Mark(
                x=round(LEFT + column_width * (index + 0.5), 1),
                y=lane_y[name] + (-6 if kind == "access" else 6),
                radius=round(min(9.0, 3.5 + 2 * math.sqrt(count - 1)), 1),
                kind=kind,
                count=count,
                title=f"{what} {known.get(name, name)}, "
                f"{_short(column_start)} to {_short(column_end)}",
            )
        )
    lanes = tuple(
        Lane(
            label=_shorten(known.get(name, name)),
            organisation=known.get(name, name),
            y=lane_y[name],
            accesses=sum(1 for e in drawn if lane_name[lane_of(e)] == name and e.kind == "access"),
            disclosures=sum(
                1 for e in drawn if lane_name[lane_of(e)] == name and e.kind == "share"
            ),
        )
        for name in names
    )
    accesses = sum(1 for e in drawn if e.kind == "access")
    description = (
        f"{accesses} accesses and {len(drawn) - accesses} disclosures by {len(ranked)} "
        f"organisations between {_short(first)} and {_short(last)}. "
        "The table below lists each one."
    )
    return Chart(
        width=WIDTH,
        height=height,
        left=LEFT,
        right=right,
        top=TOP,
        bottom=bottom,
        start=first,
        end=last,
        lanes=lanes,
        ticks=_ticks(first, last, LEFT, right),
        marks=tuple(marks),
        description=description,
    )


def _ticks(first: datetime, last: datetime, left: float, right: float) -> tuple[Tick, ...]:
    """Month starts when the span is long enough, else weekly days; at most about 12."""
    span = (last - first).total_seconds()

    def x_of(moment: datetime) -> float:
        return round(left + (right - left) * (moment - first).total_seconds() / span, 1)

    tz = first.tzinfo or UTC
    ticks: list[Tick] = []
    if last - first >= timedelta(days=75):
        months = (last.year - first.year) * 12 + last.month - first.month
        step = max(1, math.ceil(months / 12))
        year, month = first.year, first.month
        while True:
            month += 1
            if month > 12:
                year, month = year + 1, 1
            moment = datetime(year, month, 1, tzinfo=tz)
            if moment > last:
                break
            if (month - 1) % step == 0:
                label = f"{moment:%b %Y}" if month == 1 or not ticks else f"{moment:%b}"
                ticks.append(Tick(x_of(moment), label))
    else:
        days = max(1, math.ceil((last - first).days / 10))
        moment = datetime(first.year, first.month, first.day, tzinfo=tz) + timedelta(days=1)
        while moment <= last:
            ticks.append(Tick(x_of(moment), f"{moment.day} {moment:%b}"))
            moment += timedelta(days=days)
    return tuple(ticks)


def _short(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def _shorten(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
