"""Which entries an evidence bundle for a scope holds: one rule, for the exporter and the verifier.

Pure: no I/O. The rule reads decoded events (the JSON each stored state is),
so the exporter applies it to the ledger and a verifier to a bundle's own
entries, with nothing else to trust. ``offline_verify.py`` writes it again,
independently. Numbers cite docs/evidence.md §3:

* [3.1] An event *names* a value in a field if the field is that string, or
  a list holding it. Subjects are named in ``subject`` and ``subjects``;
  partners in ``recipient``, ``partner`` and ``organisation``.
* [3.2] An aggregate *concerns* a subject (a partner) if any of its events
  names it. A restriction's bundle concerns the one subject its own events
  name, so it holds the restriction itself and everything else about that
  person.
* [3.3] A bundle for a scope at tree size N holds every entry below N of
  every aggregate that concerns the scope, and no other entry.
* [3.4] A verifier checks what a bundle alone can show: its entries are in
  position order; each aggregate's versions run 1, 2, 3, ... with none left
  out; every aggregate concerns the scope. That entries or aggregates at the
  end are not missing is what the signed manifest states (``manifest.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from ledger.integrity.bundle_format import EvidenceEntry, EvidenceError, Scope, ScopeKind

SUBJECT_FIELDS = ("subject", "subjects")
PARTNER_FIELDS = ("recipient", "partner", "organisation")
#: Past this many values a prefilter costs more than decoding every state.
_MAX_NEEDLES = 16


def named(event: object, fields: Sequence[str]) -> set[str]:
    """[3.1] Every string an event (a decoded JSON object) names in ``fields``."""
    found: set[str] = set()
    if not isinstance(event, dict):
        return found
    for name in fields:
        value = event.get(name)
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list):
            found.update(item for item in value if isinstance(item, str))
    return found


def decode_event(state: bytes) -> object:
    """The JSON value a stored state is (docs/chain-format.md §2); ValueError if it is not."""
    return json.loads(state.decode("utf-8"))


@dataclass(frozen=True, slots=True)
class Selector:
    """[3.2] What an aggregate's events must name for it to concern a scope.

    ``what`` names the kind of value in messages: "subject" or "partner".
    """

    what: str
    fields: tuple[str, ...]
    values: frozenset[str]
    _needles: tuple[bytes, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A string's JSON form, as the library's encoder writes it (surrogatepass: a value
        # with a lone surrogate has no UTF-8 form, so a state can hold it only escaped).
        needles = (
            json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
            for value in self.values
        )
        object.__setattr__(self, "_needles", tuple(needles))

    def names(self, event: object) -> set[str]:
        """The selector's values that ``event`` names."""
        return named(event, self.fields) & self.values

    def may_name(self, state: bytes) -> bool:
        """False only if no event the state decodes to can name a value (a prefilter).

        A value named in a field appears in the JSON as a string: literally,
        unless the encoder escaped some character of it. So a state holding
        no backslash and none of the values' quoted forms names none of them.
        """
        if len(self._needles) > _MAX_NEEDLES or b"\\" in state:
            return True
        return any(needle in state for needle in self._needles)


def subject_selector(*subjects: str) -> Selector:
    return Selector("subject", SUBJECT_FIELDS, frozenset(subjects))


def partner_selector(partner: str) -> Selector:
    return Selector("partner", PARTNER_FIELDS, frozenset({partner}))


def restriction_subject(events: Iterable[object]) -> str | None:
    """[3.2] The one subject a restriction's events name; None if they name none or several."""
    subjects: set[str] = set()
    for event in events:
        subjects |= named(event, SUBJECT_FIELDS)
    return next(iter(subjects)) if len(subjects) == 1 else None


def concerned(entries: Iterable[tuple[bytes, bytes]], selector: Selector) -> dict[str, set[bytes]]:
    """[3.2] For each value, the aggregates (their ids' 16 bytes) whose events name it.

    ``entries`` are (originator id bytes, stored state) pairs, read in any
    order and kept nowhere: memory holds only what is found. A state that
    does not decode to JSON names nothing.
    """
    found: dict[str, set[bytes]] = {value: set() for value in selector.values}
    for originator_id, state in entries:
        if not selector.may_name(state):
            continue
        try:
            event = decode_event(state)
        except ValueError:
            continue
        for value in selector.names(event):
            found[value].add(originator_id)
    return found


# -- What a verifier checks (docs/evidence.md §2, step 8) ---------------------


def _place(index: int, entry: EvidenceEntry) -> str:
    return f"entry {index} (position {entry.position})"


def check_positions(entries: Sequence[EvidenceEntry], listing: Sequence[str]) -> None:
    """The manifest's last lines are the bundle's count and positions, in position order.

    ``listing`` is the signed text from its ``entries <count>`` line on: a
    verifier compares it with what the bundle holds (manifest.py [M4]) and
    names the first difference.
    """
    held = [str(entry.position) for entry in entries]
    if list(listing) == [f"entries {len(held)}", *held]:
        return
    listed = list(listing[1:])
    for index, entry in enumerate(entries):
        if held[index] not in listed:
            raise EvidenceError(_place(index, entry), "is not listed in the manifest")
    for position in listed:
        if position not in held:
            raise EvidenceError("manifest", f"lists position {position}, which the bundle lacks")
    for index, (entry, position) in enumerate(zip(entries, listed, strict=False)):
        if held[index] != position:
            raise EvidenceError(_place(index, entry), "is not in position order")
    raise EvidenceError("manifest", "its count is not the number of positions it lists")


def check_versions(entries: Sequence[EvidenceEntry]) -> None:
    """[3.4] Each aggregate's versions run 1, 2, 3, ... in position order, none left out."""
    last: dict[UUID, int] = {}
    for index, entry in enumerate(entries):
        expected = last.get(entry.originator_id, 0) + 1
        if entry.originator_version != expected:
            raise EvidenceError(
                _place(index, entry),
                f"aggregate {entry.originator_id} has version {entry.originator_version} "
                f"here, not {expected}: an entry of it is missing",
            )
        last[entry.originator_id] = expected


def scope_selector(scope: Scope, entries: Sequence[EvidenceEntry]) -> Selector:
    """[3.2] The selector a bundle's stated scope means, found from its entries alone."""
    if scope.kind is ScopeKind.SUBJECT:
        return subject_selector(scope.value)
    if scope.kind is ScopeKind.PARTNER:
        return partner_selector(scope.value)
    try:
        restriction = UUID(scope.value)
    except ValueError:
        restriction = None
    if restriction is None or str(restriction) != scope.value:
        raise EvidenceError("scope", "a restriction is named by its id, a UUID in canonical form")
    events = [decode_event(e.state) for e in entries if e.originator_id == restriction]
    if not events:
        raise EvidenceError("scope", f"restriction {restriction} is not in the bundle")
    subject = restriction_subject(events)
    if subject is None:
        raise EvidenceError("scope", f"restriction {restriction} does not name one subject")
    return subject_selector(subject)


def check_concerned(entries: Sequence[EvidenceEntry], scope: Scope) -> None:
    """[3.2] Every aggregate in the bundle concerns the scope (some event of it names it)."""
    selector = scope_selector(scope, entries)
    first: dict[UUID, int] = {}
    concerning: set[UUID] = set()
    for index, entry in enumerate(entries):
        first.setdefault(entry.originator_id, index)
        if selector.names(decode_event(entry.state)):
            concerning.add(entry.originator_id)
    for originator_id, index in first.items():
        if originator_id not in concerning:
            (value,) = selector.values
            raise EvidenceError(
                _place(index, entries[index]),
                f"aggregate {originator_id} does not concern {selector.what} {value}",
            )


def check_complete(entries: Sequence[EvidenceEntry], scope: Scope, listing: Sequence[str]) -> None:
    """docs/evidence.md §2 step 8: positions as listed, versions complete, all concerned.

    Run after every entry's own checks, so each state is known to be JSON.
    """
    check_positions(entries, listing)
    check_versions(entries)
    check_concerned(entries, scope)
