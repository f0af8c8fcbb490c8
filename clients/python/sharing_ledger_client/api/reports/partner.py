from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.disclosures_page import DisclosuresPage
from ...models.partner_format_type_0 import PartnerFormatType0
from ...models.problem_document import ProblemDocument
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    organisation: str,
    *,
    subject: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | PartnerFormatType0 | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_subject: None | str | Unset
    if isinstance(subject, Unset):
        json_subject = UNSET
    else:
        json_subject = subject
    params["subject"] = json_subject

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
    elif isinstance(format_, PartnerFormatType0):
        json_format_ = format_.value
    else:
        json_format_ = format_
    params["format"] = json_format_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/partners/{organisation}/disclosures".format(organisation=quote(str(organisation), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DisclosuresPage | ProblemDocument | None:
    if response.status_code == 200:
        response_200 = DisclosuresPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DisclosuresPage | ProblemDocument]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    organisation: str,
    *,
    client: AuthenticatedClient,
    subject: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | PartnerFormatType0 | Unset = UNSET,

) -> Response[DisclosuresPage | ProblemDocument]:
    """ What one partner received

     Each share to the partner with its agreement, flags and receipt status, newest first.

    A page is read by its cursor in the database (an integrator pulling the
    whole list pays for each page once); `flagged` and `overdue_receipts` are
    the whole list's on every page. CSV is the whole list.

    Args:
        organisation (str):
        subject (None | str | Unset):
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | PartnerFormatType0 | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DisclosuresPage | ProblemDocument]
     """


    kwargs = _get_kwargs(
        organisation=organisation,
subject=subject,
cursor=cursor,
limit=limit,
format_=format_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    organisation: str,
    *,
    client: AuthenticatedClient,
    subject: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | PartnerFormatType0 | Unset = UNSET,

) -> DisclosuresPage | ProblemDocument | None:
    """ What one partner received

     Each share to the partner with its agreement, flags and receipt status, newest first.

    A page is read by its cursor in the database (an integrator pulling the
    whole list pays for each page once); `flagged` and `overdue_receipts` are
    the whole list's on every page. CSV is the whole list.

    Args:
        organisation (str):
        subject (None | str | Unset):
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | PartnerFormatType0 | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DisclosuresPage | ProblemDocument
     """


    return sync_detailed(
        organisation=organisation,
client=client,
subject=subject,
cursor=cursor,
limit=limit,
format_=format_,

    ).parsed

async def asyncio_detailed(
    organisation: str,
    *,
    client: AuthenticatedClient,
    subject: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | PartnerFormatType0 | Unset = UNSET,

) -> Response[DisclosuresPage | ProblemDocument]:
    """ What one partner received

     Each share to the partner with its agreement, flags and receipt status, newest first.

    A page is read by its cursor in the database (an integrator pulling the
    whole list pays for each page once); `flagged` and `overdue_receipts` are
    the whole list's on every page. CSV is the whole list.

    Args:
        organisation (str):
        subject (None | str | Unset):
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | PartnerFormatType0 | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DisclosuresPage | ProblemDocument]
     """


    kwargs = _get_kwargs(
        organisation=organisation,
subject=subject,
cursor=cursor,
limit=limit,
format_=format_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    organisation: str,
    *,
    client: AuthenticatedClient,
    subject: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    format_: None | PartnerFormatType0 | Unset = UNSET,

) -> DisclosuresPage | ProblemDocument | None:
    """ What one partner received

     Each share to the partner with its agreement, flags and receipt status, newest first.

    A page is read by its cursor in the database (an integrator pulling the
    whole list pays for each page once); `flagged` and `overdue_receipts` are
    the whole list's on every page. CSV is the whole list.

    Args:
        organisation (str):
        subject (None | str | Unset):
        cursor (None | str | Unset): From a previous page's `next`.
        limit (int | Unset):  Default: 100.
        format_ (None | PartnerFormatType0 | Unset): Or send Accept: text/csv

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DisclosuresPage | ProblemDocument
     """


    return (await asyncio_detailed(
        organisation=organisation,
client=client,
subject=subject,
cursor=cursor,
limit=limit,
format_=format_,

    )).parsed
