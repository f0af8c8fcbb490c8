from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.complaints_format_type_0 import ComplaintsFormatType0
from ...models.problem_document import ProblemDocument
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    open_: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: ComplaintsFormatType0 | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["open"] = open_

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
    elif isinstance(format_, ComplaintsFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/complaints",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ProblemDocument | None:
    if response.status_code == 200:
        response_200 = response.json()
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ProblemDocument]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    open_: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: ComplaintsFormatType0 | None | Unset = UNSET,

) -> Response[Any | ProblemDocument]:
    """ Complaints: acknowledged in time, outcome, the ICO's decision

     Each complaint against DPA 2018 s.164A: acknowledged within 30 days, then answered.

    Summaries and findings stay sealed here; the console's complaint page opens them.

    Args:
        open_ (bool | Unset):  Default: False.
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (ComplaintsFormatType0 | None | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDocument]
     """


    kwargs = _get_kwargs(
        open_=open_,
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
    open_: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: ComplaintsFormatType0 | None | Unset = UNSET,

) -> Any | ProblemDocument | None:
    """ Complaints: acknowledged in time, outcome, the ICO's decision

     Each complaint against DPA 2018 s.164A: acknowledged within 30 days, then answered.

    Summaries and findings stay sealed here; the console's complaint page opens them.

    Args:
        open_ (bool | Unset):  Default: False.
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (ComplaintsFormatType0 | None | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDocument
     """


    return sync_detailed(
        client=client,
open_=open_,
cursor=cursor,
limit=limit,
format_=format_,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    open_: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: ComplaintsFormatType0 | None | Unset = UNSET,

) -> Response[Any | ProblemDocument]:
    """ Complaints: acknowledged in time, outcome, the ICO's decision

     Each complaint against DPA 2018 s.164A: acknowledged within 30 days, then answered.

    Summaries and findings stay sealed here; the console's complaint page opens them.

    Args:
        open_ (bool | Unset):  Default: False.
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (ComplaintsFormatType0 | None | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDocument]
     """


    kwargs = _get_kwargs(
        open_=open_,
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
    open_: bool | Unset = False,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: ComplaintsFormatType0 | None | Unset = UNSET,

) -> Any | ProblemDocument | None:
    """ Complaints: acknowledged in time, outcome, the ICO's decision

     Each complaint against DPA 2018 s.164A: acknowledged within 30 days, then answered.

    Summaries and findings stay sealed here; the console's complaint page opens them.

    Args:
        open_ (bool | Unset):  Default: False.
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (ComplaintsFormatType0 | None | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDocument
     """


    return (await asyncio_detailed(
        client=client,
open_=open_,
cursor=cursor,
limit=limit,
format_=format_,

    )).parsed
