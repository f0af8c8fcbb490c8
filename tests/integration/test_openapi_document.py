"""The OpenAPI document a generator can use: security, problems, examples and vocabularies;
and the documentation pages served from package files, with / going to the console."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema_rs import Draft202012Validator

from api.http.app import create_app
from api.http.openapi_examples import ALWAYS_PROBLEMS
from api.http.vocabulary_schema import VOCABULARIES
from api.service.composition import open_service
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.lawful import ART6_BASES
from ledger.storage.config import SQLiteLocation

# Operations meant to be called without a key (add one here deliberately): the published
# tree, hashes and signatures only (docs/checkpoints.md section 9).
PUBLIC: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/v1/public/checkpoint"),
        ("GET", "/v1/public/checkpoints"),
        ("GET", "/v1/public/keys"),
        ("GET", "/v1/public/proof/consistency"),
        ("GET", "/tlog/checkpoint"),
        ("GET", "/tlog/tile/{level}/{rest}"),
        ("GET", "/tlog/tile/entries/{rest}"),
    }
)
PROBLEM_REF = "#/components/schemas/ProblemDocument"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    folder = tmp_path_factory.mktemp("openapi")
    return TestClient(create_app(open_service(SQLiteLocation(folder / "l.sqlite3"))))


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/v1/openapi.json").json()
    return found


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def test_every_operation_but_the_public_ones_needs_a_bearer_key(document: dict[str, Any]) -> None:
    """Security names the bearer scheme, and the roles, on each operation not listed public."""
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key (sl_...), as `Authorization: Bearer sl_...`.",
    }
    for method, path, operation in operations(document):
        if (method, path) in PUBLIC:
            assert "security" not in operation, (method, path)
            continue
        assert {"bearer": []} in operation.get("security", []), (method, path)
        assert operation["x-roles"], (method, path)
        assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_every_error_is_documented_as_a_problem_document(document: dict[str, Any]) -> None:
    """Each 4xx/5xx response is application/problem+json; bodies may get 413 and 422."""
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for method, path, operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                content = response["content"]["application/problem+json"]
                assert content["schema"] == {"$ref": PROBLEM_REF}, (method, path, status)
                assert content["example"]["status"] == int(status)
        if "requestBody" in operation:
            assert {"413", "422"} <= set(operation["responses"]), (method, path)


def test_every_operation_has_request_and_reply_examples(document: dict[str, Any]) -> None:
    """A body example, an example for each path or required parameter, and a success reply's."""
    for method, path, operation in operations(document):
        if "requestBody" in operation:
            for content in operation["requestBody"]["content"].values():
                assert "example" in content, (method, path)
        for parameter in operation.get("parameters", ()):
            if parameter["in"] == "path" or parameter.get("required"):
                assert "example" in parameter, (method, path, parameter["name"])
        answered = ALWAYS_PROBLEMS.get((method, path))
        replies = [
            r
            for s, r in operation["responses"].items()
            if (s.startswith("2") if answered is None else s == str(answered))
        ]
        assert replies, (method, path)
        for content in replies[0]["content"].values():
            assert "example" in content, (method, path)


def test_the_vocabularies_are_enums_generated_from_the_domain(document: dict[str, Any]) -> None:
    """Each closed vocabulary is a named enum holding exactly the domain's terms, used in bodies."""
    schemas = document["components"]["schemas"]
    for name, terms in VOCABULARIES.items():
        assert schemas[name]["enum"] == list(terms), name
    assert schemas["DataCategory"]["enum"] == list(DATA_CATEGORIES.ids)
    assert schemas["LawfulBasis"]["enum"] == list(ART6_BASES)
    access = schemas["RecordAccessBody"]["properties"]
    assert access["categories"]["items"] == {"$ref": "#/components/schemas/DataCategory"}
    assert access["legal_basis"]["$ref"] == "#/components/schemas/LawfulBasis"


def test_receipts_and_checkpoints_are_typed(document: dict[str, Any]) -> None:
    """The receipt document posted and drafted is ReceiptDocument; the checkpoint is a note."""
    schemas = document["components"]["schemas"]
    receipt = schemas["ReceiptDocument"]
    assert set(receipt["required"]) >= {"schema_version", "receipt_id", "pii_types"}
    assert receipt["additionalProperties"] is False
    assert schemas["Receipt"]["properties"]["document"]["$ref"].endswith("/ReceiptDocument")
    draft = document["paths"]["/v1/shares/{share_id}/receipt-draft"]["get"]["responses"]["200"]
    assert draft["content"]["application/json"]["schema"]["$ref"].endswith("/ReceiptDocument")
    note = document["paths"]["/v1/ledger/checkpoint"]["get"]["responses"]["200"]["content"]
    schema = note["text/plain"]["schema"]
    assert re.match(schema["pattern"], note["text/plain"]["example"])


def test_csv_is_documented_where_it_is_offered(document: dict[str, Any]) -> None:
    """Every report with a `format` parameter documents its text/csv reply."""
    offered = 0
    for method, path, operation in operations(document):
        if any(p["name"] == "format" for p in operation.get("parameters", ())):
            offered += 1
            assert "text/csv" in operation["responses"]["200"]["content"], (method, path)
    assert offered >= 5


@pytest.mark.parametrize("page", ["/v1/docs", "/v1/redoc"])
def test_the_documentation_pages_load_nothing_from_elsewhere(client: TestClient, page: str) -> None:
    """Every script and style the page names is on this origin and served; no inline script."""
    response = client.get(page)
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert assets
    for asset in assets:
        assert asset.startswith("/v1/docs/assets/"), asset
        assert client.get(asset).status_code == 200, asset
    assert "<script>" not in response.text


def test_the_root_goes_to_the_console(client: TestClient) -> None:
    """/ redirects to /console/ rather than answering a JSON 404."""
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/"


def test_the_generated_client_is_committed_beside_its_generator() -> None:
    """clients/python holds the client clients/generate.sh writes (regenerate on API changes)."""
    root = Path(__file__).resolve().parents[2] / "clients"
    assert (root / "generate.sh").exists()
    assert (root / "python" / "sharing_ledger_client" / "api" / "processing").is_dir()


def test_every_example_matches_its_own_schema(document: dict[str, Any]) -> None:
    """Request and reply examples validate against the schemas they illustrate."""
    components = {"components": document["components"]}
    checked = 0
    for method, path, operation in operations(document):
        contents = [
            *operation.get("requestBody", {}).get("content", {}).values(),
            *(c for r in operation["responses"].values() for c in r.get("content", {}).values()),
        ]
        for content in contents:
            if "example" in content and content.get("schema"):
                validator = Draft202012Validator({**content["schema"], **components})
                errors = [e.message for e in validator.iter_errors(content["example"])]
                assert errors == [], (method, path, errors[:3])
                checked += 1
    assert checked > 100


def test_operation_ids_are_unique_names(document: dict[str, Any]) -> None:
    """Each operation id is a distinct Python-friendly name (what a generated client calls)."""
    ids = [operation["operationId"] for _m, _p, operation in operations(document)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids), ids


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    """No $ref points at a schema the document does not hold (a generator would stop there)."""
    text = json.dumps(document)
    referenced = set(re.findall(r"#/components/schemas/([A-Za-z0-9_.-]+)", text))
    assert referenced - set(document["components"]["schemas"]) == set()


def test_the_committed_client_has_every_operation_and_no_other(document: dict[str, Any]) -> None:
    """clients/python is generated from this document (clients/generate.sh): a module per
    operation id, so an operation added or removed without regenerating it is caught here."""
    package = Path(__file__).parents[2] / "clients" / "python" / "sharing_ledger_client" / "api"
    generated = {p.stem for p in package.rglob("*.py") if p.stem != "__init__"}
    ids = {operation["operationId"] for _, _, operation in operations(document)}
    assert generated == ids
