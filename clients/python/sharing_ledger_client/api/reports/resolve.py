from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.lookup import Lookup
from ...models.problem_document import ProblemDocument
from ...models.resolved_subject import ResolvedSubject
from typing import cast



def _get_kwargs(
    *,
    body: Lookup,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subjects/resolve",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDocument | ResolvedSubject | None:
    if response.status_code == 200:
        response_200 = ResolvedSubject.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ProblemDocument.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = ProblemDocument.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = ProblemDocument.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = ProblemDocument.from_dict(response.json())



        return response_404

    if response.status_code == 413:
        response_413 = ProblemDocument.from_dict(response.json())



        return response_413

    if response.status_code == 422:
        response_422 = ProblemDocument.from_dict(response.json())



        return response_422

    if response.status_code == 503:
        response_503 = ProblemDocument.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDocument | ResolvedSubject]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: Lookup,

) -> Response[ProblemDocument | ResolvedSubject]:
    """ The subject reference of a natural identifier

     For a DPO answering "who accessed my data" from the NHS number the person gave.

    The lookup is recorded in the ledger, found or not (never the identifier itself).

    Args:
        body (Lookup): A natural identifier, in the body: identifiers never go in URLs (they reach
            logs).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | ResolvedSubject]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: Lookup,

) -> ProblemDocument | ResolvedSubject | None:
    """ The subject reference of a natural identifier

     For a DPO answering "who accessed my data" from the NHS number the person gave.

    The lookup is recorded in the ledger, found or not (never the identifier itself).

    Args:
        body (Lookup): A natural identifier, in the body: identifiers never go in URLs (they reach
            logs).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | ResolvedSubject
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Lookup,

) -> Response[ProblemDocument | ResolvedSubject]:
    """ The subject reference of a natural identifier

     For a DPO answering "who accessed my data" from the NHS number the person gave.

    The lookup is recorded in the ledger, found or not (never the identifier itself).

    Args:
        body (Lookup): A natural identifier, in the body: identifiers never go in URLs (they reach
            logs).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | ResolvedSubject]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Lookup,

) -> ProblemDocument | ResolvedSubject | None:
    """ The subject reference of a natural identifier

     For a DPO answering "who accessed my data" from the NHS number the person gave.

    The lookup is recorded in the ledger, found or not (never the identifier itself).

    Args:
        body (Lookup): A natural identifier, in the body: identifiers never go in URLs (they reach
            logs).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | ResolvedSubject
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
