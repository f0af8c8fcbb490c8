"""How long issuing and re-opening an access response takes, by the person's number of entries
(a diagnostic, not in the suite): the HTML is Jinja's, the PDF is WeasyPrint's.

Usage:

    .venv/bin/python bench/access_response.py [--entries 20 500]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

from api.console.letters import LetterRenderer
from api.service import access_response
from api.service.composition import open_service
from api.service.letterhead import Letterhead
from ledger.domain.partners import Partner
from ledger.domain.rights_requests import RightsRequest
from ledger.storage.config import SQLiteLocation
from tests.support.factories import access, share, subject

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def measure(entries: int) -> str:
    service = open_service(
        SQLiteLocation(Path(tempfile.mkdtemp()) / "l.sqlite3"),
        clock=lambda: T0 + timedelta(days=10),
    )
    service.letterhead = Letterhead(council="Westshire Council", dpo_email="dpo@example.org")
    person = subject(1)
    service.app.append(
        Partner.register(
            organisation="westshire-constabulary",
            name="Westshire Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        )
    )
    service.app.append(
        *[
            access(T0 + timedelta(minutes=i), subject=person)
            if i % 5
            else share(T0 + timedelta(minutes=i), subjects=[person])
            for i in range(entries)
        ]
    )
    request = RightsRequest.receive(
        received_on=date(2026, 3, 3), subject=person, kind="eu-gdpr:A15", recorded_by="dpo"
    )
    request.verify_identity(verified_on=date(2026, 3, 4))
    service.app.append(request)
    renderer = LetterRenderer()
    start = time.perf_counter()
    issued = access_response.issue(
        service, str(request.id), addressee="A. Person", issued_by="dpo", renderer=renderer
    )
    issuing = time.perf_counter() - start
    start = time.perf_counter()
    again = access_response.reopen(service, str(request.id), 1, "person", renderer)
    html = time.perf_counter() - start
    same = again.pdf == issued.document.pdf
    reopening = time.perf_counter() - start
    pages = len(PdfReader(io.BytesIO(issued.document.pdf)).pages)
    service.close()
    return (
        f"{entries} entries: {pages} pages, PDF {len(issued.document.pdf):,} B; "
        f"issue {issuing:.1f} s, re-open HTML {html:.2f} s, HTML+PDF {reopening:.1f} s; "
        f"same bytes: {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[20, 500])
    for entries in parser.parse_args().entries:
        print(measure(entries))


if __name__ == "__main__":
    main()
