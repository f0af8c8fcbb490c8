"""Media types schemathesis must be able to send for this API's documents.

``POST /v1/access-responses/check`` takes the letter itself, documented as
``application/pdf`` (or HTML, or any bytes): schemathesis sends binary
bodies for ``application/octet-stream`` and knows no PDF serializer, so a
PDF body is sent the same way (bytes as they are). Import this module
before building a schemathesis schema.
"""

from __future__ import annotations

import schemathesis

schemathesis.serializer.alias("application/pdf", "application/octet-stream")
