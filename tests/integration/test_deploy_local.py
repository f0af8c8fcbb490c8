"""deploy/ as an operator meets it: the install script, the systemd units, the container
files (checked statically: there is no container engine here), and deploy/local/up.sh
bringing up a real PostgreSQL cluster and the whole service, then down.sh removing it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.support.factories import access_command, subject

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
SERVICES = sorted(UNITS.glob("*.service"))
TIMERS = sorted(UNITS.glob("*.timer"))
SCRIPTS = sorted([*DEPLOY.glob("*.sh"), *DEPLOY.glob("*/*.sh"), *DEPLOY.glob("*/*/*.sh")])
INSTALLED = "/opt/sharing-ledger/bin/sharing-ledger"
BASH = shutil.which("bash") or "/bin/bash"
HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


# -- The install script and shell style -------------------------------------------------
@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """deploy/install.sh into a fresh prefix: what the container build and systemd hosts run."""
    prefix = tmp_path_factory.mktemp("install") / "sharing-ledger"
    result = subprocess.run(
        [BASH, str(DEPLOY / "install.sh"), str(prefix)],
        env={**_environ(), "PIP_QUIET": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return prefix


def test_the_installed_package_carries_the_deploy_sql(installed: Path) -> None:
    """A non-editable install runs from its own copy of deploy/postgres, not the checkout."""
    found = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "from ledger.storage.postgres_admin import deploy_dir; print(deploy_dir())",
        ],
        capture_output=True,
        text=True,
        cwd=installed,
        check=True,
    ).stdout.strip()
    assert found.startswith(str(installed))
    assert (Path(found) / "append_only.sql").is_file()


def test_install_is_idempotent(installed: Path) -> None:
    """Running it again over the same prefix succeeds and keeps a working command."""
    again = subprocess.run(
        [BASH, str(DEPLOY / "install.sh"), str(installed)],
        env={**_environ(), "PIP_QUIET": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    version = subprocess.run(
        [str(installed / "bin" / "sharing-ledger"), "--help"], capture_output=True, check=False
    )
    assert version.returncode == 0


def test_shell_scripts_are_strict_and_shellcheck_clean() -> None:
    """Every script sets -euo pipefail; shellcheck (where installed) finds nothing."""
    assert SCRIPTS
    for script in SCRIPTS:
        text = script.read_text(encoding="utf-8")
        assert "set -euo pipefail" in text or script.name == "lib.sh", script
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed here (apt-get install shellcheck)")
    checked = subprocess.run(
        [shellcheck, "--external-sources", *map(str, SCRIPTS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout


# -- systemd ----------------------------------------------------------------------------
def unit(name: str) -> str:
    return (UNITS / name).read_text(encoding="utf-8")


def test_units_run_the_three_services_from_the_installed_prefix() -> None:
    """API with a separate worker, the worker, and a oneshot checkpointer on a timer."""
    assert f"ExecStart={INSTALLED} serve --projections worker\n" in unit(
        "sharing-ledger-api.service"
    )
    assert f"ExecStart={INSTALLED} projections run\n" in unit("sharing-ledger-projections.service")
    checkpoint = unit("sharing-ledger-checkpoint.service")
    assert "Type=oneshot" in checkpoint
    assert f"ExecStart={INSTALLED} checkpoint " in checkpoint
    assert "LoadCredential=signing.key:" in checkpoint
    assert "signing.key" not in unit("sharing-ledger-api.service")
    assert "OnCalendar=" in unit("sharing-ledger-checkpoint.timer")


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_every_service_is_hardened_and_reads_the_env_file(service: Path) -> None:
    """Dedicated user, read-only system, no new privileges, private /tmp, one writable dir."""
    text = service.read_text(encoding="utf-8")
    for line in (
        "EnvironmentFile=/etc/sharing-ledger/env",
        "User=sharing-ledger",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "ReadWritePaths=/var/lib/sharing-ledger",
        "CapabilityBoundingSet=\n",
    ):
        assert line in text, line


@pytest.fixture
def units_as_installed(tmp_path: Path) -> Path:
    """The units with ExecStart pointing at this checkout's command (verify checks it exists)."""
    command = Path(sys.executable).parent / "sharing-ledger"
    for path in [*SERVICES, *TIMERS]:
        text = path.read_text(encoding="utf-8").replace(INSTALLED, str(command))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    return tmp_path


def test_units_pass_systemd_analyze_verify(units_as_installed: Path) -> None:
    """systemd-analyze verify accepts every unit and timer without a single warning."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here: the units were not verified")
    names = [p.name for p in [*SERVICES, *TIMERS]]
    result = subprocess.run(
        [analyze, "verify", *(f"./{n}" for n in names)],
        cwd=units_as_installed,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    said = (result.stdout + result.stderr).splitlines()
    assert [line for line in said if "sharing-ledger" in line] == []


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_units_expose_little(units_as_installed: Path, service: Path) -> None:
    """systemd-analyze security rates each service's exposure at 2.0 or below (of 10)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here: exposure was not measured")
    result = subprocess.run(
        [analyze, "security", "--offline=true", "--threshold=20", f"./{service.name}"],
        cwd=units_as_installed,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if "--offline" in result.stderr:
        pytest.skip("this systemd-analyze cannot rate unit files offline (systemd < 250)")
    assert result.returncode == 0, result.stdout[-2000:]


def test_the_env_example_names_every_setting_the_code_reads() -> None:
    """Each LEDGER_* name in the code appears in env.example and docs/operations.md."""
    pattern = re.compile(r"[\"'](LEDGER_[A-Z_]+)[\"']")
    settings = {
        name
        for package in ("api", "ledger", "projections")
        for path in (ROOT / package).rglob("*.py")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert {"LEDGER_DATABASE_URL", "LEDGER_SIGNING_KEY_FILE", "LEDGER_PORT"} <= settings
    example = (UNITS / "env.example").read_text(encoding="utf-8")
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert sorted(s for s in settings if s not in example) == []
    assert sorted(s for s in settings if s not in operations) == []


# -- Containers (static: no engine here) -----------------------------------------------
def test_the_containerfile_installs_with_the_install_script() -> None:
    """Two python:3.11-slim stages, deploy/install.sh, a non-root user, /healthz checked."""
    text = (DEPLOY / "container" / "Containerfile").read_text(encoding="utf-8")
    assert re.findall(r"^FROM (\S+)", text, re.MULTILINE) == ["python:3.11-slim"] * 2
    assert "\nRUN bash deploy/install.sh /opt/sharing-ledger\n" in text
    users = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert users
    assert users[-1].split(":")[0] not in ("0", "root")
    healthcheck = text[text.index("HEALTHCHECK") :].split("\nENTRYPOINT")[0]
    assert "/healthz" in healthcheck


def test_compose_runs_app_worker_and_postgres_after_a_one_shot_db_init() -> None:
    """postgres:15 with a healthcheck; db init once as the owner; app and worker as the writer."""
    yaml = pytest.importorskip("yaml", reason="PyYAML (pinned in constraints.txt) is missing")
    compose_dir = DEPLOY / "container"
    compose: dict[str, Any] = yaml.safe_load((compose_dir / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    assert set(services) == {"postgres", "db-init", "app", "worker"}
    postgres = services["postgres"]
    assert postgres["image"] == "postgres:15"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    for mount in postgres["volumes"]:
        source = mount.split(":")[0]
        if source.startswith("."):
            assert (compose_dir / source).exists(), source
    init = services["db-init"]
    assert init["command"] == ["db", "init"]
    assert init["restart"] == "no"
    assert init["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "//ledger_owner:" in init["environment"]["LEDGER_DATABASE_URL"]
    assert services["app"]["command"] == ["serve", "--projections", "worker"]
    assert services["worker"]["command"] == ["projections", "run"]
    for name in ("app", "worker"):
        service = services[name]
        assert service["depends_on"]["db-init"]["condition"] == "service_completed_successfully"
        assert "//ledger_app:" in service["environment"]["LEDGER_DATABASE_URL"]
        assert service["build"]["dockerfile"] == "deploy/container/Containerfile"


# -- deploy/local: a real cluster and the whole service ----------------------------------
def _environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}


def read_env(path: Path) -> dict[str, str]:
    """DIR/env as written by up.sh: [export ]NAME='value' lines."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(?:export )?([A-Z_]+)='([^']*)'", line)
        if match:
            found[match[1]] = match[2]
    return found


def running(pid: int) -> bool:
    """A live process (a zombie waiting to be reaped is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def logs(directory: Path) -> str:
    return "\n".join(
        f"--- {p.name}\n{p.read_text(encoding='utf-8')[-3000:]}"
        for p in sorted((directory / "log").glob("*.log"))
    )


@pytest.fixture
def local(tmp_path: Path, installed: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """deploy/local/up.sh with the installed command; down.sh afterwards, whatever happened."""
    directory = tmp_path / "local"
    up = subprocess.run(
        [BASH, str(DEPLOY / "local" / "up.sh"), str(directory)],
        env={**_environ(), "SHARING_LEDGER": str(installed / "bin" / "sharing-ledger")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        assert up.returncode == 0, up.stderr + logs(directory)
        yield directory, read_env(directory / "env")
    finally:
        subprocess.run(
            [BASH, str(DEPLOY / "local" / "down.sh"), str(directory)],
            capture_output=True,
            timeout=120,
            check=False,
        )


@pytest.mark.postgres
def test_up_serves_as_the_writer_role_and_down_leaves_nothing(
    local: tuple[Path, dict[str, str]],
) -> None:
    """Record and read back over HTTP; the service is ledger_app, which cannot UPDATE; then gone."""
    directory, env = local
    base = env["SL_HTTP_URL"]
    body = access_command(HOUR_AGO, subject=subject(42))
    body.pop("command")
    recorded = httpx.post(
        f"{base}/v1/accesses",
        json=body,
        headers={"Authorization": f"Bearer {env['SL_SOURCE_KEY']}"},
        timeout=30,
    )
    assert recorded.status_code == 201, recorded.text + logs(directory)
    who = httpx.get(
        f"{base}/v1/subjects/{subject(42)}/who-saw",
        headers={"Authorization": f"Bearer {env['SL_DPO_KEY']}"},
        timeout=30,
    )
    assert who.status_code == 200, who.text
    assert who.json()["accesses"] == 2  # the access, and this read of it

    # Every session the service holds is ledger_app's, a writer and not the owner.
    superuser = env["SL_SUPERUSER_URL"].replace("/postgres", "/ledger")
    with psycopg.connect(superuser, passfile=env["PGPASSFILE"]) as admin:
        sessions = admin.execute(
            "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'ledger' "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ).fetchall()
        assert sessions == [("ledger_app",)]
        owner = admin.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'ledger_events'"
        ).fetchone()
        assert owner == ("ledger_owner",)
    with psycopg.connect(env["LEDGER_DATABASE_URL"], autocommit=True) as app:
        member = app.execute("SELECT pg_has_role('sharing_ledger_writer', 'MEMBER')").fetchone()
        assert member == (True,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("UPDATE ledger_events SET topic = topic")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("DELETE FROM ledger_chain")

    pids = [int(env["SL_SERVE_PID"]), int(env["SL_WORKER_PID"])]
    ports = [int(env["SL_PG_PORT"]), int(base.rsplit(":", 1)[1])]
    cluster = Path(env["SL_CLUSTER_DIR"])
    down = subprocess.run(
        [BASH, str(DEPLOY / "local" / "down.sh"), str(directory)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert down.returncode == 0, down.stderr
    assert not directory.exists()
    assert not cluster.exists()
    assert [pid for pid in pids if running(pid)] == []
    assert [port for port in ports if listening(port)] == []
