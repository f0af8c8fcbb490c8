from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.inclusion_proof import InclusionProof
from ...models.problem_document import ProblemDocument
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    position: int,
    *,
    size: int | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_size: int | None | Unset
    if isinstance(size, Unset):
        json_size = UNSET
    else:
        json_size = size
    params["size"] = json_size


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ledger/proof/inclusion/{position}".format(position=quote(str(position), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> InclusionProof | ProblemDocument | None:
    if response.status_code == 200:
        response_200 = InclusionProof.from_dict(response.json())



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

    if response.status_code == 422:
        response_422 = ProblemDocument.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[InclusionProof | ProblemDocument]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    position: int,
    *,
    client: AuthenticatedClient,
    size: int | None | Unset = UNSET,

) -> Response[InclusionProof | ProblemDocument]:
    """ RFC 9162 inclusion proof of one entry

    Args:
        position (int):
        size (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InclusionProof | ProblemDocument]
     """


    kwargs = _get_kwargs(
        position=position,
size=size,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    position: int,
    *,
    client: AuthenticatedClient,
    size: int | None | Unset = UNSET,

) -> InclusionProof | ProblemDocument | None:
    """ RFC 9162 inclusion proof of one entry

    Args:
        position (int):
        size (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InclusionProof | ProblemDocument
     """


    return sync_detailed(
        position=position,
client=client,
size=size,

    ).parsed

async def asyncio_detailed(
    position: int,
    *,
    client: AuthenticatedClient,
    size: int | None | Unset = UNSET,

) -> Response[InclusionProof | ProblemDocument]:
    """ RFC 9162 inclusion proof of one entry

    Args:
        position (int):
        size (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InclusionProof | ProblemDocument]
     """


    kwargs = _get_kwargs(
        position=position,
size=size,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    position: int,
    *,
    client: AuthenticatedClient,
    size: int | None | Unset = UNSET,

) -> InclusionProof | ProblemDocument | None:
    """ RFC 9162 inclusion proof of one entry

    Args:
        position (int):
        size (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InclusionProof | ProblemDocument
     """


    return (await asyncio_detailed(
        position=position,
client=client,
size=size,

    )).parsed
