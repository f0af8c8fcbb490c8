"""Every console sign-in, counted by method and outcome, for ``/metrics``.

``sharing_ledger_console_sign_ins_total{method, outcome, reason}``: method
``api-key`` (the break-glass sign-in) or ``oidc`` (the council's identity
provider); outcome ``succeeded`` or ``failed``; reason ``none`` for a success,
else a class of failure (never a key, a token, a name or an address). A rise
in failed API-key sign-ins is someone guessing or a key gone stale; any
successful API-key sign-in where the provider is the norm is worth a look.
Counts live in this process and start from zero when it starts, as
Prometheus counters do.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator

from prometheus_client.metrics_core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from api.service.identity_provider import REASONS as OIDC_REASONS

API_KEY = "api-key"
OIDC = "oidc"
SUCCEEDED = "succeeded"
FAILED = "failed"
NONE = "none"
# Why an API-key sign-in failed: no key typed; a key that is malformed, unknown,
# revoked or expired (one class, as the page says); the form's CSRF token.
API_KEY_REASONS = ("empty", "invalid-key", "csrf")
KNOWN: dict[str, tuple[str, ...]] = {API_KEY: API_KEY_REASONS, OIDC: OIDC_REASONS}


class SignInCounts:
    """Thread-safe counts of (method, outcome, reason)."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._lock = threading.Lock()

    def succeeded(self, method: str) -> None:
        self._add(method, SUCCEEDED, NONE)

    def failed(self, method: str, reason: str) -> None:
        self._add(method, FAILED, reason)

    def snapshot(self) -> dict[tuple[str, str, str], int]:
        """Every known combination (zero if never seen), and any other seen."""
        with self._lock:
            counts = dict(self._counts)
        for method, reasons in KNOWN.items():
            counts.setdefault((method, SUCCEEDED, NONE), 0)
            for reason in reasons:
                counts.setdefault((method, FAILED, reason), 0)
        return counts

    def _add(self, method: str, outcome: str, reason: str) -> None:
        with self._lock:
            self._counts[(method, outcome, reason)] += 1


class SignInCollector(Collector):
    """The counts as one Prometheus counter family, read at scrape time."""

    def __init__(self, counts: SignInCounts) -> None:
        self.counts = counts

    def describe(self) -> Iterable[Metric]:
        return []

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "sharing_ledger_console_sign_ins",
            "Console sign-ins by method (api-key: break-glass; oidc: the identity provider), "
            "outcome and reason class of a failure",
            labels=["method", "outcome", "reason"],
        )
        for (method, outcome, reason), count in sorted(self.counts.snapshot().items()):
            family.add_metric([method, outcome, reason], count)
        yield family
