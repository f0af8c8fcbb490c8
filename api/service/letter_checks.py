"""Is this file an access response the ledger recorded as issued? Hash it, look up the digest.

Issuing records the SHA-256 of a response's HTML and of its PDF
(:mod:`api.service.access_response`); the command line
(``requests check-response``), ``POST /v1/access-responses/check`` and the
console's "Check a letter" page all ask here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from api.service.access_response import REPORT
from api.service.composition import Service
from projections.reports.access_responses import IssuedResponse, with_digest


@dataclass(frozen=True, slots=True)
class LetterCheck:
    """The answer to "is this the letter the ledger recorded?"."""

    sha256: str
    matches: tuple[IssuedResponse, ...]

    @property
    def recorded(self) -> bool:
        return bool(self.matches)

    def public(self) -> dict[str, object]:
        """The answer as the command line's JSON and the HTTP API give it."""
        return {
            "sha256": self.sha256,
            "recorded": self.recorded,
            "responses": [
                {
                    "request": m.request_id,
                    "reference": m.reference,
                    "number": m.number,
                    "issued_on": m.issued_on.isoformat(),
                    "frozen_at": m.frozen_at,
                    "format": "html" if m.html_sha256 == self.sha256 else "pdf",
                    "checkpoint": None
                    if m.checkpoint_size is None
                    else {"size": m.checkpoint_size, "root": m.checkpoint_root},
                }
                for m in self.matches
            ],
        }


def check_letter(service: Service, data: bytes) -> LetterCheck:
    """Whether a file (HTML or PDF) is a response the ledger recorded as issued."""
    return check_digest(service, hashlib.sha256(data).hexdigest())


def check_digest(service: Service, digest: str) -> LetterCheck:
    """Whether a response with this SHA-256 (of its HTML or PDF) was recorded as issued."""
    return LetterCheck(digest, tuple(with_digest(service.reports(REPORT), digest)))
