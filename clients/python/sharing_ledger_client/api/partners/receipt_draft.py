from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_document import ProblemDocument
from ...models.receipt_document import ReceiptDocument
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime



def _get_kwargs(
    share_id: UUID,
    *,
    received_at: datetime.datetime | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_received_at: None | str | Unset
    if isinstance(received_at, Unset):
        json_received_at = UNSET
    elif isinstance(received_at, datetime.datetime):
        json_received_at = received_at.isoformat()
    else:
        json_received_at = received_at
    params["received_at"] = json_received_at


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/shares/{share_id}/receipt-draft".format(share_id=quote(str(share_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDocument | ReceiptDocument | None:
    if response.status_code == 200:
        response_200 = ReceiptDocument.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDocument | ReceiptDocument]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    share_id: UUID,
    *,
    client: AuthenticatedClient,
    received_at: datetime.datetime | None | Unset = UNSET,

) -> Response[ProblemDocument | ReceiptDocument]:
    """ The receipt document to sign

     Check it against what you received, sign its canonical bytes (docs/receipts.md), post it.

    Args:
        share_id (UUID):
        received_at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | ReceiptDocument]
     """


    kwargs = _get_kwargs(
        share_id=share_id,
received_at=received_at,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    share_id: UUID,
    *,
    client: AuthenticatedClient,
    received_at: datetime.datetime | None | Unset = UNSET,

) -> ProblemDocument | ReceiptDocument | None:
    """ The receipt document to sign

     Check it against what you received, sign its canonical bytes (docs/receipts.md), post it.

    Args:
        share_id (UUID):
        received_at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | ReceiptDocument
     """


    return sync_detailed(
        share_id=share_id,
client=client,
received_at=received_at,

    ).parsed

async def asyncio_detailed(
    share_id: UUID,
    *,
    client: AuthenticatedClient,
    received_at: datetime.datetime | None | Unset = UNSET,

) -> Response[ProblemDocument | ReceiptDocument]:
    """ The receipt document to sign

     Check it against what you received, sign its canonical bytes (docs/receipts.md), post it.

    Args:
        share_id (UUID):
        received_at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | ReceiptDocument]
     """


    kwargs = _get_kwargs(
        share_id=share_id,
received_at=received_at,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    share_id: UUID,
    *,
    client: AuthenticatedClient,
    received_at: datetime.datetime | None | Unset = UNSET,

) -> ProblemDocument | ReceiptDocument | None:
    """ The receipt document to sign

     Check it against what you received, sign its canonical bytes (docs/receipts.md), post it.

    Args:
        share_id (UUID):
        received_at (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | ReceiptDocument
     """


    return (await asyncio_detailed(
        share_id=share_id,
client=client,
received_at=received_at,

    )).parsed
