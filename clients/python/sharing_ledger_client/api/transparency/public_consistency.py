from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_document import ProblemDocument
from ...models.public_consistency_response_public_consistency import PublicConsistencyResponsePublicConsistency
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
        "url": "/v1/public/proof/consistency",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDocument | PublicConsistencyResponsePublicConsistency | None:
    if response.status_code == 200:
        response_200 = PublicConsistencyResponsePublicConsistency.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = ProblemDocument.from_dict(response.json())



        return response_400

    if response.status_code == 404:
        response_404 = ProblemDocument.from_dict(response.json())



        return response_404

    if response.status_code == 422:
        response_422 = ProblemDocument.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDocument | PublicConsistencyResponsePublicConsistency]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    old: int,
    new: int | None | Unset = UNSET,

) -> Response[ProblemDocument | PublicConsistencyResponsePublicConsistency]:
    """ RFC 9162 consistency proof between two published tree sizes; no key

    Args:
        old (int):
        new (int | None | Unset): default: the latest checkpoint's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | PublicConsistencyResponsePublicConsistency]
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
    client: AuthenticatedClient | Client,
    old: int,
    new: int | None | Unset = UNSET,

) -> ProblemDocument | PublicConsistencyResponsePublicConsistency | None:
    """ RFC 9162 consistency proof between two published tree sizes; no key

    Args:
        old (int):
        new (int | None | Unset): default: the latest checkpoint's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | PublicConsistencyResponsePublicConsistency
     """


    return sync_detailed(
        client=client,
old=old,
new=new,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    old: int,
    new: int | None | Unset = UNSET,

) -> Response[ProblemDocument | PublicConsistencyResponsePublicConsistency]:
    """ RFC 9162 consistency proof between two published tree sizes; no key

    Args:
        old (int):
        new (int | None | Unset): default: the latest checkpoint's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | PublicConsistencyResponsePublicConsistency]
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
    client: AuthenticatedClient | Client,
    old: int,
    new: int | None | Unset = UNSET,

) -> ProblemDocument | PublicConsistencyResponsePublicConsistency | None:
    """ RFC 9162 consistency proof between two published tree sizes; no key

    Args:
        old (int):
        new (int | None | Unset): default: the latest checkpoint's

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | PublicConsistencyResponsePublicConsistency
     """


    return (await asyncio_detailed(
        client=client,
old=old,
new=new,

    )).parsed
