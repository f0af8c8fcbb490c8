"""deploy/prometheus/alerts.yml and deploy/grafana/: valid, naming only metrics /metrics exports."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.http import health
from api.http.app import create_app
from api.service import log_signing
from api.service.composition import open_service
from api.service.group_commit import GroupCommitter
from ledger.storage.config import SQLiteLocation
from tests.support.factories import access, subject
from tests.support.signing import log_signer

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
ALERTS = DEPLOY / "prometheus" / "alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "sharing-ledger.json"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
METRIC = re.compile(r"\b(?:sharing_ledger|process)_[a-z_]+\b")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[set[str]]:
    """Every sample /metrics writes once there are entries, a checkpoint and a verification."""
    tmp_path = tmp_path_factory.mktemp("exported")
    service = open_service(SQLiteLocation(tmp_path / "ledger.sqlite3"), clock=lambda: NOW)
    try:
        service.app.append(access(NOW - timedelta(hours=1), subject=subject(1)))
        signer = log_signer(tmp_path, "monitoring.example/ledger")
        service.signer_state = signer.state.path
        log_signing.issue(service.app, signer, NOW)
        service.runner.store.beat("test", 0)
        committer = GroupCommitter(service.app)
        client = TestClient(create_app(service, committer=committer))
        client.get("/healthz")
        health.note_verification(client.app, ok=True, size=1)
        text = client.get("/metrics").text
        committer.close()
        yield {s.name for family in text_string_to_metric_families(text) for s in family.samples}
    finally:
        service.close()


def expressions() -> list[str]:
    rules = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    from_rules = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    from_panels = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    return from_rules + from_panels


def test_every_metric_the_alerts_and_dashboard_name_is_exported(exported: set[str]) -> None:
    """A renamed metric would leave an alert that can never fire: each name must be on /metrics."""
    named = {name for expression in expressions() for name in METRIC.findall(expression)}
    assert named  # the pattern found what the files name
    assert sorted(named - exported) == []


def test_every_alert_says_what_and_how_bad() -> None:
    """Each rule is an alert with a severity and a summary for whoever is paged."""
    rules = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    for group in rules["groups"]:
        for rule in group["rules"]:
            assert rule["alert"].startswith("SharingLedger")
            assert rule["labels"]["severity"] in {"page", "ticket"}
            assert rule["annotations"]["summary"]


def test_the_dashboard_panels_have_distinct_ids_and_a_datasource_variable() -> None:
    """Grafana imports the dashboard only with unique panel ids; the datasource is chosen there."""
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    assert [v["name"] for v in dashboard["templating"]["list"]] == ["datasource"]


PROMTOOL = shutil.which("promtool")
# Skipped only off CI: .ci/run installs promtool, so under CI=true a missing one fails.
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None and os.environ.get("CI") != "true",
    reason="promtool is not installed (Debian's prometheus package; .ci/run installs it)",
)


@needs_promtool
def test_promtool_accepts_the_rules() -> None:
    """`promtool check rules`: the file Prometheus would load, with every expression parsed."""
    assert PROMTOOL is not None
    checked = subprocess.run(
        [PROMTOOL, "check", "rules", str(ALERTS)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


RULE_TESTS = """
rule_files: [{alerts}]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'sharing_ledger_verification_ok{{instance="api"}}'
        values: '1 1 0 0'
      - series: 'sharing_ledger_verification_timestamp_seconds{{instance="api"}}'
        values: '0 0 120 120'
      - series: 'sharing_ledger_rights_requests_overdue{{instance="api"}}'
        values: '0x30 2x90'
    alert_rule_test:
      - eval_time: 1m
        alertname: SharingLedgerVerificationFailed
        exp_alerts: []
      - eval_time: 3m
        alertname: SharingLedgerVerificationFailed
        exp_alerts:
          - exp_labels: {{severity: page, instance: api}}
            exp_annotations:
              summary: "Ledger verification FAILED on api"
              description: "{verify_description}"
      - eval_time: 100m
        alertname: SharingLedgerRightsRequestsOverdue
        exp_alerts:
          - exp_labels: {{severity: ticket, team: dpo, instance: api}}
            exp_annotations:
              summary: "2 rights requests are past their Art 12(3) deadline"
              description: "{overdue_description}"
"""


@needs_promtool
def test_a_failed_verification_and_overdue_requests_fire_their_alerts(tmp_path: Path) -> None:
    """`promtool test rules`: verification_ok falling to 0 pages at once; overdue after an hour."""
    assert PROMTOOL is not None
    tests = tmp_path / "alerts_test.yml"
    descriptions = {
        rule["alert"]: rule["annotations"].get("description", "")
        for group in yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]
        for rule in group["rules"]
    }
    text = RULE_TESTS.format(
        alerts=json.dumps(str(ALERTS)),
        verify_description=descriptions["SharingLedgerVerificationFailed"],
        overdue_description=descriptions["SharingLedgerRightsRequestsOverdue"],
    )
    tests.write_text(text, encoding="utf-8")
    tested = subprocess.run(
        [PROMTOOL, "test", "rules", str(tests)], capture_output=True, text=True, check=False
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
