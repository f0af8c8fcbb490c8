"""The subject directory and the subjects' data keys, beside the ledger (not in it).

Three tables, none of them evidence, all of them meant to be deleted from:

* ``subject_directory``: keyed digest of a natural identifier -> subject reference;
* ``subject_keys``: each subject's data key, wrapped by the key-encryption key;
* ``subject_profiles``: family, sealed display name, retention rule and date, legal hold.

Disposal deletes a subject's rows from all three: afterwards nothing in the
database leads from a person to their reference, and what was sealed for
them cannot be opened. ``subject_tombstones`` keeps the bare references
disposed of, and ``subject_generation`` counts every disposal and key
rotation, so that each running process can see, within a moment, that the
keys it holds in memory must go (:class:`ledger.subjects.Subjects`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ledger.storage.gateway import Gateway

_DIRECTORY = (
    "CREATE TABLE IF NOT EXISTS subject_directory ("
    "digest TEXT PRIMARY KEY, subject TEXT NOT NULL, kind TEXT NOT NULL)"
)
_DIRECTORY_INDEX = (
    "CREATE INDEX IF NOT EXISTS subject_directory_subject ON subject_directory (subject)"
)
_PROFILES = (
    "CREATE TABLE IF NOT EXISTS subject_profiles (subject TEXT PRIMARY KEY, "
    "family TEXT, display_name TEXT, rule TEXT, dispose_on TEXT, legal_hold TEXT)"
)
_LINK = (
    "INSERT INTO subject_directory (digest, subject, kind) VALUES ({p}, {p}, {p}) "
    "ON CONFLICT (digest) DO NOTHING"
)
_ADD_KEY = (
    "INSERT INTO subject_keys (subject, kek_id, wrapped) VALUES ({p}, {p}, {p}) "
    "ON CONFLICT (subject) DO NOTHING"
)
_TOMBSTONES = "CREATE TABLE IF NOT EXISTS subject_tombstones (subject TEXT PRIMARY KEY)"
_GENERATION = (
    "CREATE TABLE IF NOT EXISTS subject_generation (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "generation BIGINT NOT NULL)"
)
_FIRST_GENERATION = (
    "INSERT INTO subject_generation (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"
)
# In the same transaction as the change it announces.
_NEXT_GENERATION = "UPDATE subject_generation SET generation = generation + 1 WHERE id = 1"
TABLES = (
    "subject_directory",
    "subject_keys",
    "subject_profiles",
    "subject_tombstones",
    "subject_generation",
)
_SET_PROFILE = (
    "INSERT INTO subject_profiles (subject, family, display_name, rule, dispose_on, legal_hold) "
    "VALUES ({p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (subject) DO UPDATE SET "
    "family = excluded.family, display_name = excluded.display_name, rule = excluded.rule, "
    "dispose_on = excluded.dispose_on, legal_hold = excluded.legal_hold"
)


def _in(values: Sequence[str]) -> str:
    return ", ".join("{p}" for _ in values)


@dataclass(frozen=True, slots=True)
class Profile:
    subject: str
    family: str | None
    display_name: str | None  # sealed
    rule: str | None
    dispose_on: date | None
    legal_hold: str | None


@dataclass(frozen=True, slots=True)
class WrappedKey:
    subject: str
    kek_id: str
    wrapped: bytes


class SubjectStore:
    def __init__(self, sql: Gateway) -> None:
        self.sql = sql

    def ensure_tables(self) -> bool:
        """Create the tables if any is missing; say whether anything was created."""
        if all(self.sql.has_table(t) for t in TABLES):
            return False
        blob = "BLOB" if self.sql.dialect == "sqlite" else "bytea"
        keys = (
            "CREATE TABLE IF NOT EXISTS subject_keys (subject TEXT PRIMARY KEY, "
            f"kek_id TEXT NOT NULL, wrapped {blob} NOT NULL)"
        )
        ddl = (_DIRECTORY, _DIRECTORY_INDEX, keys, _PROFILES, _TOMBSTONES, _GENERATION)
        self.sql.write([*((statement, [()]) for statement in ddl), (_FIRST_GENERATION, [()])])
        return True

    def generation(self) -> int:
        """How many disposals and key rotations there have been: a change says "drop your keys"."""
        rows = self.sql.fetch("SELECT generation FROM subject_generation WHERE id = 1")
        return int(rows[0]["generation"]) if rows else 0

    def kek_ids(self) -> set[str]:
        """The ids of the key-encryption keys the stored data keys are wrapped by."""
        rows = self.sql.fetch("SELECT DISTINCT kek_id FROM subject_keys")
        return {str(r["kek_id"]) for r in rows}

    # -- Directory -------------------------------------------------------------------
    def link(self, subject: str, digests: Sequence[tuple[str, str]]) -> None:
        """Map each (kind, digest) to ``subject``; an identifier mapped before keeps its subject."""
        self.sql.write([(_LINK, [(digest, subject, kind) for kind, digest in digests])])

    def resolve(self, digest: str) -> str | None:
        rows = self.sql.fetch("SELECT subject FROM subject_directory WHERE digest = {p}", (digest,))
        return str(rows[0]["subject"]) if rows else None

    def kinds(self, subject: str) -> list[str]:
        """The kinds of identifier (nhs, case...) that lead to ``subject``: never their values."""
        rows = self.sql.fetch(
            "SELECT DISTINCT kind FROM subject_directory WHERE subject = {p} ORDER BY kind",
            (subject,),
        )
        return [str(r["kind"]) for r in rows]

    # -- Keys -------------------------------------------------------------------------
    def keys(self, subjects: Iterable[str]) -> list[WrappedKey]:
        wanted = sorted(set(subjects))
        if not wanted:
            return []
        rows = self.sql.fetch(
            f"SELECT subject, kek_id, wrapped FROM subject_keys WHERE subject IN ({_in(wanted)})",
            wanted,
        )
        return [WrappedKey(str(r["subject"]), str(r["kek_id"]), bytes(r["wrapped"])) for r in rows]

    def all_keys(self) -> list[WrappedKey]:
        rows = self.sql.fetch("SELECT subject, kek_id, wrapped FROM subject_keys ORDER BY subject")
        return [WrappedKey(str(r["subject"]), str(r["kek_id"]), bytes(r["wrapped"])) for r in rows]

    def add_keys(self, keys: Sequence[WrappedKey]) -> None:
        """Store new data keys; a key already stored for a subject is kept (first one wins)."""
        self.sql.write([(_ADD_KEY, [(k.subject, k.kek_id, k.wrapped) for k in keys])])

    def rewrap(self, keys: Sequence[WrappedKey]) -> None:
        """Replace wrapped keys (KEK rotation), all in one transaction."""
        update = "UPDATE subject_keys SET kek_id = {p}, wrapped = {p} WHERE subject = {p}"
        self.sql.write(
            [
                (update, [(k.kek_id, k.wrapped, k.subject) for k in keys]),
                (_NEXT_GENERATION, [()]),
            ]
        )

    # -- Profiles ------------------------------------------------------------------
    def set_profile(self, profile: Profile) -> None:
        due = None if profile.dispose_on is None else profile.dispose_on.isoformat()
        row = (profile.subject, profile.family, profile.display_name, profile.rule, due)
        self.sql.write([(_SET_PROFILE, [(*row, profile.legal_hold)])])

    def profiles(self, subjects: Iterable[str] | None = None) -> list[Profile]:
        if subjects is None:
            rows = self.sql.fetch("SELECT * FROM subject_profiles ORDER BY subject")
        else:
            wanted = sorted(set(subjects))
            if not wanted:
                return []
            rows = self.sql.fetch(
                f"SELECT * FROM subject_profiles WHERE subject IN ({_in(wanted)})", wanted
            )
        return [
            Profile(
                subject=str(r["subject"]),
                family=r["family"],
                display_name=r["display_name"],
                rule=r["rule"],
                dispose_on=None if r["dispose_on"] is None else date.fromisoformat(r["dispose_on"]),
                legal_hold=r["legal_hold"],
            )
            for r in rows
        ]

    # -- Disposal ---------------------------------------------------------------------
    def forget(self, subject: str) -> None:
        """Destroy everything that links ``subject`` to a person or opens their sealed text.

        Only the bare reference stays, as a tombstone, so that no new key is
        ever made for it (a new key would be a new way in).
        """
        self.sql.write(
            [
                *(
                    (f"DELETE FROM {table} WHERE subject = {{p}}", [(subject,)])
                    for table in ("subject_directory", "subject_keys", "subject_profiles")
                ),
                (
                    (
                        "INSERT INTO subject_tombstones (subject) VALUES ({p}) "
                        "ON CONFLICT (subject) DO NOTHING"
                    ),
                    [(subject,)],
                ),
                (_NEXT_GENERATION, [()]),
            ]
        )

    def disposed(self, subjects: Iterable[str]) -> set[str]:
        wanted = sorted(set(subjects))
        if not wanted:
            return set()
        rows = self.sql.fetch(
            f"SELECT subject FROM subject_tombstones WHERE subject IN ({_in(wanted)})", wanted
        )
        return {str(r["subject"]) for r in rows}
