from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.consistency_proof import ConsistencyProof
from ...models.problem_document import ProblemDocument
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    old: int,
    new: int | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["old"] = old

    json_new: int | None | Unset
    if isinstance(new, Unset):
        json_new = UNSET
    else:
        json_new = new
    params["new"] = json_new


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ledger/proof/consistency",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConsistencyProof | ProblemDocument | None:
    if response.status_code == 200:
        response_200 = ConsistencyProof.from_dict(response.json())



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

    if response.status_code == 422:
        response_422 = ProblemDocument.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ConsistencyProof | ProblemDocument]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    old: int,
    new: int | None | Unset = UNSET,

) -> Response[ConsistencyProof | ProblemDocument]:
    """ RFC 9162 consistency proof between two tree sizes

    Args:
        old (int):
        new (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsistencyProof | ProblemDocument]
     """


    kwargs = _get_kwargs(
        old=old,
new=new,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    old: int,
    new: int | None | Unset = UNSET,

) -> ConsistencyProof | ProblemDocument | None:
    """ RFC 9162 consistency proof between two tree sizes

    Args:
        old (int):
        new (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsistencyProof | ProblemDocument
     """


    return sync_detailed(
        client=client,
old=old,
new=new,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    old: int,
    new: int | None | Unset = UNSET,

) -> Response[ConsistencyProof | ProblemDocument]:
    """ RFC 9162 consistency proof between two tree sizes

    Args:
        old (int):
        new (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsistencyProof | ProblemDocument]
     """


    kwargs = _get_kwargs(
        old=old,
new=new,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    old: int,
    new: int | None | Unset = UNSET,

) -> ConsistencyProof | ProblemDocument | None:
    """ RFC 9162 consistency proof between two tree sizes

    Args:
        old (int):
        new (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsistencyProof | ProblemDocument
     """


    return (await asyncio_detailed(
        client=client,
old=old,
new=new,

    )).parsed
