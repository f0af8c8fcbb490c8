from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_document import ProblemDocument
from ...models.who_saw_format_type_0 import WhoSawFormatType0
from ...models.who_saw_page import WhoSawPage
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    subject: str,
    *,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    organisation: None | str | Unset = UNSET,
    reason: str | Unset = 'subject access request',
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | Unset | WhoSawFormatType0 = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until

    json_category: None | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    else:
        json_category = category
    params["category"] = json_category

    json_organisation: None | str | Unset
    if isinstance(organisation, Unset):
        json_organisation = UNSET
    else:
        json_organisation = organisation
    params["organisation"] = json_organisation

    params["reason"] = reason

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
    elif isinstance(format_, WhoSawFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subjects/{subject}/who-saw".format(subject=quote(str(subject), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDocument | WhoSawPage | None:
    if response.status_code == 200:
        response_200 = WhoSawPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDocument | WhoSawPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subject: str,
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    organisation: None | str | Unset = UNSET,
    reason: str | Unset = 'subject access request',
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | Unset | WhoSawFormatType0 = UNSET,

) -> Response[ProblemDocument | WhoSawPage]:
    """ Who saw this person's data

     Every access and disclosure, newest first, and the recipients (Art 15(1)(c)).

    The read is itself recorded in the ledger, under the caller's principal.

    Args:
        subject (str): Subject reference
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        category (None | str | Unset):
        organisation (None | str | Unset):
        reason (str | Unset): Why you are looking (recorded). Default: 'subject access request'.
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | Unset | WhoSawFormatType0): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | WhoSawPage]
     """


    kwargs = _get_kwargs(
        subject=subject,
since=since,
until=until,
category=category,
organisation=organisation,
reason=reason,
cursor=cursor,
limit=limit,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    subject: str,
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    organisation: None | str | Unset = UNSET,
    reason: str | Unset = 'subject access request',
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | Unset | WhoSawFormatType0 = UNSET,

) -> ProblemDocument | WhoSawPage | None:
    """ Who saw this person's data

     Every access and disclosure, newest first, and the recipients (Art 15(1)(c)).

    The read is itself recorded in the ledger, under the caller's principal.

    Args:
        subject (str): Subject reference
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        category (None | str | Unset):
        organisation (None | str | Unset):
        reason (str | Unset): Why you are looking (recorded). Default: 'subject access request'.
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | Unset | WhoSawFormatType0): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | WhoSawPage
     """


    return sync_detailed(
        subject=subject,
client=client,
since=since,
until=until,
category=category,
organisation=organisation,
reason=reason,
cursor=cursor,
limit=limit,
format_=format_,

    ).parsed

async def asyncio_detailed(
    subject: str,
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    organisation: None | str | Unset = UNSET,
    reason: str | Unset = 'subject access request',
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | Unset | WhoSawFormatType0 = UNSET,

) -> Response[ProblemDocument | WhoSawPage]:
    """ Who saw this person's data

     Every access and disclosure, newest first, and the recipients (Art 15(1)(c)).

    The read is itself recorded in the ledger, under the caller's principal.

    Args:
        subject (str): Subject reference
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        category (None | str | Unset):
        organisation (None | str | Unset):
        reason (str | Unset): Why you are looking (recorded). Default: 'subject access request'.
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | Unset | WhoSawFormatType0): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | WhoSawPage]
     """


    kwargs = _get_kwargs(
        subject=subject,
since=since,
until=until,
category=category,
organisation=organisation,
reason=reason,
cursor=cursor,
limit=limit,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    subject: str,
    *,
    client: AuthenticatedClient,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    organisation: None | str | Unset = UNSET,
    reason: str | Unset = 'subject access request',
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | Unset | WhoSawFormatType0 = UNSET,

) -> ProblemDocument | WhoSawPage | None:
    """ Who saw this person's data

     Every access and disclosure, newest first, and the recipients (Art 15(1)(c)).

    The read is itself recorded in the ledger, under the caller's principal.

    Args:
        subject (str): Subject reference
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        category (None | str | Unset):
        organisation (None | str | Unset):
        reason (str | Unset): Why you are looking (recorded). Default: 'subject access request'.
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | Unset | WhoSawFormatType0): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | WhoSawPage
     """


    return (await asyncio_detailed(
        subject=subject,
client=client,
since=since,
until=until,
category=category,
organisation=organisation,
reason=reason,
cursor=cursor,
limit=limit,
format_=format_,

    )).parsed
