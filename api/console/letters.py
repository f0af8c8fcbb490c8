"""Subject access responses as files: HTML from a template, PDF from that HTML (WeasyPrint).

The service (:mod:`api.service.access_response`) builds the content and
records the digests; this module only draws it. The HTML is one
self-contained file (its style inline, no script, no link to fetch), so the
person's copy opens anywhere and prints as it shows; the PDF is made from
the same HTML. Both are deterministic: the same content gives the same bytes
(the PDF's identifier is the response's, and WeasyPrint writes no creation
time unless asked), on the same fonts and WeasyPrint version.
"""

from __future__ import annotations

from typing import Any

from api.console.render import environment
from api.service.access_response import ResponseContent
from ledger.domain.exemptions import EXEMPTIONS

TEMPLATE = "access_letter.html"
EXEMPTION_LABELS = {t.id: t.label for t in EXEMPTIONS}


class LetterRenderer:
    """The console's and the command line's :class:`~api.service.access_response.Renderer`."""

    def __init__(self) -> None:
        self._templates = environment()
        self._templates.filters["exemption"] = lambda term: EXEMPTION_LABELS.get(term, term)

    def html(self, content: ResponseContent) -> str:
        context: dict[str, Any] = {"c": content}
        return self._templates.get_template(TEMPLATE).render(**context)

    def pdf(self, html: str, identifier: str) -> bytes:
        # Imported here: it loads Pango and fonts (seconds), which no other command needs.
        import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415 - ships no types

        document = weasyprint.HTML(string=html)
        pdf: bytes = document.write_pdf(pdf_identifier=identifier.encode("utf-8"))
        return pdf


def file_name(content: ResponseContent, suffix: str) -> str:
    """``subject-access-response-REF-1.pdf``: the reference (or request id) and the number."""
    label = content.reference or content.request_id
    return f"subject-access-response-{label}-{content.number}.{suffix}"
