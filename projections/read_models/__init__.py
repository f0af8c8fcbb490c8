"""The read models: each a pure function from the ledger's events to rows of its tables.

The reports (``projections.reports``) judge these rows; the runner
(``projections.runner``) keeps them current and rebuilds them.
"""

from projections.base import ReadModel
from projections.read_models import (
    activity_log,
    change_log,
    complaint_log,
    request_log,
    response_log,
    share_register,
)

# Every read model the service keeps, in the order the runner applies them.
READ_MODELS: tuple[ReadModel, ...] = (
    activity_log.READ_MODEL,
    share_register.READ_MODEL,
    change_log.READ_MODEL,
    request_log.READ_MODEL,
    complaint_log.READ_MODEL,
    response_log.READ_MODEL,
)

__all__ = ["READ_MODELS"]
