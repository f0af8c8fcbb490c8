from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_document import ProblemDocument
from ...models.restriction_report import RestrictionReport
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    restriction: str,
    *,
    reason: str | Unset = 'restriction compliance review',

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["reason"] = reason


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/restrictions/{restriction}/compliance".format(restriction=quote(str(restriction), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDocument | RestrictionReport | None:
    if response.status_code == 200:
        response_200 = RestrictionReport.from_dict(response.json())



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

    if response.status_code == 503:
        response_503 = ProblemDocument.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDocument | RestrictionReport]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    restriction: str,
    *,
    client: AuthenticatedClient,
    reason: str | Unset = 'restriction compliance review',

) -> Response[ProblemDocument | RestrictionReport]:
    """ Was this restriction honoured?

     The verdict (honoured, breached, pending) with every reason. The read is recorded.

    Args:
        restriction (str):
        reason (str | Unset): Why you are looking (recorded). Default: 'restriction compliance
            review'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | RestrictionReport]
     """


    kwargs = _get_kwargs(
        restriction=restriction,
reason=reason,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    restriction: str,
    *,
    client: AuthenticatedClient,
    reason: str | Unset = 'restriction compliance review',

) -> ProblemDocument | RestrictionReport | None:
    """ Was this restriction honoured?

     The verdict (honoured, breached, pending) with every reason. The read is recorded.

    Args:
        restriction (str):
        reason (str | Unset): Why you are looking (recorded). Default: 'restriction compliance
            review'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | RestrictionReport
     """


    return sync_detailed(
        restriction=restriction,
client=client,
reason=reason,

    ).parsed

async def asyncio_detailed(
    restriction: str,
    *,
    client: AuthenticatedClient,
    reason: str | Unset = 'restriction compliance review',

) -> Response[ProblemDocument | RestrictionReport]:
    """ Was this restriction honoured?

     The verdict (honoured, breached, pending) with every reason. The read is recorded.

    Args:
        restriction (str):
        reason (str | Unset): Why you are looking (recorded). Default: 'restriction compliance
            review'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | RestrictionReport]
     """


    kwargs = _get_kwargs(
        restriction=restriction,
reason=reason,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    restriction: str,
    *,
    client: AuthenticatedClient,
    reason: str | Unset = 'restriction compliance review',

) -> ProblemDocument | RestrictionReport | None:
    """ Was this restriction honoured?

     The verdict (honoured, breached, pending) with every reason. The read is recorded.

    Args:
        restriction (str):
        reason (str | Unset): Why you are looking (recorded). Default: 'restriction compliance
            review'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | RestrictionReport
     """


    return (await asyncio_detailed(
        restriction=restriction,
client=client,
reason=reason,

    )).parsed
