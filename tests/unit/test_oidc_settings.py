"""The identity provider's settings and the group-to-role mapping (api/service/oidc_settings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.service.oidc_settings import GroupRole, group_roles, oidc_settings, role_for
from ledger.principals import Role
from ledger.storage.config import ConfigurationError

SECRET = "synthetic-secret-value"
MAPPING = """\
[[group]]
name = "sl-dpo"
role = "dpo"

[[group]]
name = "sl-police"
role = "partner"
organisation = "westshire-constabulary"
"""


def _environ(tmp_path: Path, **changes: str) -> dict[str, str]:
    roles = tmp_path / "roles.toml"
    roles.write_text(MAPPING, encoding="utf-8")
    secret = tmp_path / "secret"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    environ = {
        "LEDGER_OIDC_ISSUER": "https://login.example.org/tenant/v2.0/",
        "LEDGER_OIDC_CLIENT_ID": "console",
        "LEDGER_OIDC_CLIENT_SECRET_FILE": str(secret),
        "LEDGER_OIDC_REDIRECT_URL": "https://ledger.example.org/console/sign-in/oidc/callback",
        "LEDGER_OIDC_GROUP_ROLES_FILE": str(roles),
    }
    environ.update(changes)
    return {name: value for name, value in environ.items() if value != "-"}


def test_without_an_issuer_there_is_no_provider() -> None:
    """No LEDGER_OIDC_ISSUER: the console offers the API-key sign-in alone."""
    assert oidc_settings({}) is None


def test_the_settings_are_read_with_the_secret_from_its_file(tmp_path: Path) -> None:
    """Every setting is read; the secret comes from its file and never shows in repr."""
    settings = oidc_settings(_environ(tmp_path))
    assert settings is not None
    assert settings.issuer == "https://login.example.org/tenant/v2.0/"  # exactly as given
    assert settings.client_secret == SECRET
    assert SECRET not in repr(settings)
    assert (settings.groups_claim, settings.scopes) == ("groups", "openid profile")
    assert settings.group_roles == (
        GroupRole("sl-dpo", Role.DPO),
        GroupRole("sl-police", Role.PARTNER, "westshire-constabulary"),
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"LEDGER_OIDC_CLIENT_ID": "-"}, "LEDGER_OIDC_CLIENT_ID is required"),
        ({"LEDGER_OIDC_ISSUER": "http://login.example.org"}, "must be an https:// URL"),
        (
            {"LEDGER_OIDC_REDIRECT_URL": "https://ledger.example.org/elsewhere"},
            "must end with /console/sign-in/oidc/callback",
        ),
        ({"LEDGER_OIDC_CLIENT_SECRET_FILE": "/nonexistent/secret"}, "cannot be read"),
        ({"LEDGER_OIDC_SCOPES": "profile email"}, "must include openid"),
    ],
)
def test_a_missing_or_unsafe_setting_is_named(
    tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    """Each wrong setting is refused with a message naming it (and never the secret)."""
    with pytest.raises(ConfigurationError, match=message) as raised:
        oidc_settings(_environ(tmp_path, **changes))
    assert SECRET not in str(raised.value)


def test_plain_http_is_allowed_to_this_machine_only(tmp_path: Path) -> None:
    """A provider on localhost (a test provider) may be plain http."""
    settings = oidc_settings(_environ(tmp_path, LEDGER_OIDC_ISSUER="http://127.0.0.1:8080"))
    assert settings is not None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('name = "g"\nrole = "investigator"', "investigators get keys"),
        ('name = "g"\nrole = "source-system"', "a group may give one of the roles"),
        ('name = "g"\nrole = "partner"', "a partner's group names its organisation"),
        ('name = "g"\nrole = "dpo"\norganisation = "x"', "only a partner's does"),
        ('name = "g"\nrole = "king"', "must be one of the roles"),
        ('name = "g"\nrole = "dpo"\nscope = "all"', "only the keys name, role and organisation"),
    ],
)
def test_a_mapping_that_cannot_hold_is_refused(tmp_path: Path, table: str, message: str) -> None:
    """A rule giving a role no group may give, or a partner without its organisation, is refused."""
    path = tmp_path / "roles.toml"
    path.write_text(f"[[group]]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message):
        group_roles(path)


def test_a_group_mapped_twice_is_refused(tmp_path: Path) -> None:
    """One group, one role: a second rule for the same group is a mistake, said so."""
    path = tmp_path / "roles.toml"
    path.write_text('[[group]]\nname="g"\nrole="dpo"\n[[group]]\nname="g"\nrole="admin"\n')
    with pytest.raises(ConfigurationError, match="mapped twice"):
        group_roles(path)


def test_the_first_matching_rule_gives_the_role() -> None:
    """A person in two mapped groups gets the first rule's role, in the file's order."""
    rules = (GroupRole("sl-audit", Role.AUDITOR), GroupRole("sl-dpo", Role.DPO))
    assert role_for(["all-staff", "sl-dpo", "sl-audit"], rules) == rules[0]
    assert role_for(["sl-dpo"], rules) == rules[1]
    assert role_for(["all-staff"], rules) is None
