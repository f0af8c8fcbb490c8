from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.appends import Appends
from ...models.problem_document import ProblemDocument
from ...models.record_ico_decision_body import RecordIcoDecisionBody
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    id: UUID,
    *,
    body: RecordIcoDecisionBody,
    idempotency_key: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/complaints/{id}/ico-decision".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Appends | ProblemDocument | None:
    if response.status_code == 201:
        response_201 = Appends.from_dict(response.json())



        return response_201

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

    if response.status_code == 409:
        response_409 = ProblemDocument.from_dict(response.json())



        return response_409

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Appends | ProblemDocument]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordIcoDecisionBody,
    idempotency_key: None | str | Unset = UNSET,

) -> Response[Appends | ProblemDocument]:
    """ Record ico decision

     The ICO's decision on its case, after the council has answered the complaint.

    Args:
        id (UUID):
        idempotency_key (None | str | Unset): Apply at most once: a retry with the same key and
            body gets the first reply.
        body (RecordIcoDecisionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Appends | ProblemDocument]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordIcoDecisionBody,
    idempotency_key: None | str | Unset = UNSET,

) -> Appends | ProblemDocument | None:
    """ Record ico decision

     The ICO's decision on its case, after the council has answered the complaint.

    Args:
        id (UUID):
        idempotency_key (None | str | Unset): Apply at most once: a retry with the same key and
            body gets the first reply.
        body (RecordIcoDecisionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Appends | ProblemDocument
     """


    return sync_detailed(
        id=id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordIcoDecisionBody,
    idempotency_key: None | str | Unset = UNSET,

) -> Response[Appends | ProblemDocument]:
    """ Record ico decision

     The ICO's decision on its case, after the council has answered the complaint.

    Args:
        id (UUID):
        idempotency_key (None | str | Unset): Apply at most once: a retry with the same key and
            body gets the first reply.
        body (RecordIcoDecisionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Appends | ProblemDocument]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: RecordIcoDecisionBody,
    idempotency_key: None | str | Unset = UNSET,

) -> Appends | ProblemDocument | None:
    """ Record ico decision

     The ICO's decision on its case, after the council has answered the complaint.

    Args:
        id (UUID):
        idempotency_key (None | str | Unset): Apply at most once: a retry with the same key and
            body gets the first reply.
        body (RecordIcoDecisionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Appends | ProblemDocument
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
