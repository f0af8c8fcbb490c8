"""What the service counts as requests arrive: latency by route, and sign-ins by outcome.

One set per app, registered on the app's own registry (api/http/health.py),
never at module level: two apps in one process (the tests build many) count
apart. Labels are bounded: the route *template* ("/v1/subjects/{subject}/who-saw",
never the path, which holds subject references), the method, and the status
class ("2xx".."5xx"); a request no route matched is "unmatched".

- ``sharing_ledger_http_request_duration_seconds{method,route,status_class}``:
  a histogram; its ``_count`` is the request rate and, with ``status_class="5xx"``,
  the error rate.
- ``sharing_ledger_sign_ins_total{method,outcome}``: API requests refused for
  their key (``method="api_request"``, ``outcome="failure"`` only: every API
  request authenticates, so counting successes would repeat the request rate).
  The console's sign-ins, by key or through the identity provider, are
  ``sharing_ledger_console_sign_ins_total`` (api/console/sign_in_counts.py).
- ``sharing_ledger_group_commit_requests_total`` and ``..._transactions_total``:
  recording requests the group committer appended, and the transactions it
  used for them (their rates' ratio is the mean commit batch).

Every one is a live prometheus_client metric, so with ``serve --workers N``
(prometheus_client's multi-process mode, api/http/health.py) a scrape adds
up every process's counts, whichever process answers it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from prometheus_client import CollectorRegistry, Counter, Histogram

UNMATCHED = "unmatched"
SignInMethod = str  # "api_request" (the console counts its own sign-ins)
Outcome = Literal["success", "failure"]


@dataclass(frozen=True, slots=True)
class Traffic:
    requests: Histogram
    sign_ins: Counter

    @classmethod
    def registered(cls, registry: CollectorRegistry) -> Traffic:
        requests = Histogram(
            "sharing_ledger_http_request_duration_seconds",
            "Time from a request's arrival to its answer's start, by route template, method "
            "and status class (its _count is the request rate)",
            ["method", "route", "status_class"],
            registry=registry,
        )
        sign_ins = Counter(
            "sharing_ledger_sign_ins",
            "Sign-ins by method and outcome (api_request: API calls refused for their key)",
            ["method", "outcome"],
            registry=registry,
        )
        # Announce the failures at zero, so an alert on their rate has a series from the start.
        sign_ins.labels("api_request", "failure")
        return cls(requests, sign_ins)

    def observe(self, method: str, route: str | None, status: int | None, seconds: float) -> None:
        status_class = "5xx" if status is None else f"{status // 100}xx"
        self.requests.labels(method, route or UNMATCHED, status_class).observe(seconds)

    def sign_in(self, method: SignInMethod, outcome: Outcome) -> None:
        self.sign_ins.labels(method, outcome).inc()


def commit_counters(registry: CollectorRegistry) -> Callable[[int], None]:
    """Register the group committer's counters; what it calls after each commit."""
    requests = Counter(
        "sharing_ledger_group_commit_requests",
        "Recording requests appended through the group committer",
        registry=registry,
    )
    transactions = Counter(
        "sharing_ledger_group_commit_transactions",
        "Database transactions the group committer used for them (requests/transactions = "
        "mean commit batch size)",
        registry=registry,
    )

    def committed(count: int) -> None:
        requests.inc(count)
        transactions.inc()

    return committed


def of(app: Any) -> Traffic | None:
    """The app's counters (``app``: a FastAPI app); None before api/http/health.py installs them."""
    health = getattr(getattr(app, "state", None), "health", None)
    found = getattr(health, "traffic", None)
    return found if isinstance(found, Traffic) else None


def count_sign_in(app: Any, method: SignInMethod, outcome: Outcome) -> None:
    """Count one sign-in on ``app`` (a no-op on an app without metrics)."""
    traffic = of(app)
    if traffic is not None:
        traffic.sign_in(method, outcome)
