"""The demo generator: a synthetic council's Supporting Families information sharing.

``sharing-ledger demo`` appends what :func:`council` yields; see
:mod:`api.demo.council`.
"""

from api.demo.council import DemoPlan, council, estimate_events

__all__ = ["DemoPlan", "council", "estimate_events"]
