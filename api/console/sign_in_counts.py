"""Every console sign-in, counted by method and outcome, for ``/metrics``.

``sharing_ledger_console_sign_ins_total{method, outcome, reason}``: method
``api-key`` (the break-glass sign-in) or ``oidc`` (the council's identity
provider); outcome ``succeeded`` or ``failed``; reason ``none`` for a success,
else a class of failure (never a key, a token, a name or an address). A rise
in failed API-key sign-ins is someone guessing or a key gone stale; any
successful API-key sign-in where the provider is the norm is worth a look.
Counts start from zero when the server starts, as Prometheus counters do.
"""

from __future__ import annotations

from prometheus_client import Counter

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
    """The counts, as one Prometheus counter (register :attr:`counter` on the app's registry).

    A live prometheus_client counter rather than numbers kept here, so that
    with several server processes a scrape adds up every process's sign-ins.
    """

    def __init__(self) -> None:
        self.counter = Counter(
            "sharing_ledger_console_sign_ins",
            "Console sign-ins by method (api-key: break-glass; oidc: the identity provider), "
            "outcome and reason class of a failure",
            ["method", "outcome", "reason"],
            registry=None,
        )
        # Every known combination from zero, so an alert on a rate has a series from the start.
        for method, reasons in KNOWN.items():
            self.counter.labels(method, SUCCEEDED, NONE)
            for reason in reasons:
                self.counter.labels(method, FAILED, reason)

    def succeeded(self, method: str) -> None:
        self.counter.labels(method, SUCCEEDED, NONE).inc()

    def failed(self, method: str, reason: str) -> None:
        self.counter.labels(method, FAILED, reason).inc()
