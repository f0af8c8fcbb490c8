from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_document import ProblemDocument
from ...models.restrictions_format_type_0 import RestrictionsFormatType0
from ...models.restrictions_page import RestrictionsPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | RestrictionsFormatType0 | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, RestrictionsFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/restrictions",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDocument | RestrictionsPage | None:
    if response.status_code == 200:
        response_200 = RestrictionsPage.from_dict(response.json())



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

    if response.status_code == 503:
        response_503 = ProblemDocument.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDocument | RestrictionsPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | RestrictionsFormatType0 | Unset = UNSET,

) -> Response[ProblemDocument | RestrictionsPage]:
    """ Every restriction and its verdict, breaches first

    Args:
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | RestrictionsFormatType0 | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | RestrictionsPage]
     """


    kwargs = _get_kwargs(
        cursor=cursor,
limit=limit,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | RestrictionsFormatType0 | Unset = UNSET,

) -> ProblemDocument | RestrictionsPage | None:
    """ Every restriction and its verdict, breaches first

    Args:
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | RestrictionsFormatType0 | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | RestrictionsPage
     """


    return sync_detailed(
        client=client,
cursor=cursor,
limit=limit,
format_=format_,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | RestrictionsFormatType0 | Unset = UNSET,

) -> Response[ProblemDocument | RestrictionsPage]:
    """ Every restriction and its verdict, breaches first

    Args:
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | RestrictionsFormatType0 | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | RestrictionsPage]
     """


    kwargs = _get_kwargs(
        cursor=cursor,
limit=limit,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | RestrictionsFormatType0 | Unset = UNSET,

) -> ProblemDocument | RestrictionsPage | None:
    """ Every restriction and its verdict, breaches first

    Args:
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | RestrictionsFormatType0 | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | RestrictionsPage
     """


    return (await asyncio_detailed(
        client=client,
cursor=cursor,
limit=limit,
format_=format_,

    )).parsed
