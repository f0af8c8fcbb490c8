from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.acknowledgement import Acknowledgement
from ...models.appends import Appends
from ...models.problem_document import ProblemDocument
from typing import cast
from uuid import UUID



def _get_kwargs(
    change_id: UUID,
    *,
    body: Acknowledgement,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/rectifications/{change_id}/notices/acknowledgement".format(change_id=quote(str(change_id), safe=""),),
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
    change_id: UUID,
    *,
    client: AuthenticatedClient,
    body: Acknowledgement,

) -> Response[Appends | ProblemDocument]:
    """ Acknowledge an Art 19 notice of a rectification sent to you

    Args:
        change_id (UUID):
        body (Acknowledgement):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Appends | ProblemDocument]
     """


    kwargs = _get_kwargs(
        change_id=change_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    change_id: UUID,
    *,
    client: AuthenticatedClient,
    body: Acknowledgement,

) -> Appends | ProblemDocument | None:
    """ Acknowledge an Art 19 notice of a rectification sent to you

    Args:
        change_id (UUID):
        body (Acknowledgement):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Appends | ProblemDocument
     """


    return sync_detailed(
        change_id=change_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    change_id: UUID,
    *,
    client: AuthenticatedClient,
    body: Acknowledgement,

) -> Response[Appends | ProblemDocument]:
    """ Acknowledge an Art 19 notice of a rectification sent to you

    Args:
        change_id (UUID):
        body (Acknowledgement):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Appends | ProblemDocument]
     """


    kwargs = _get_kwargs(
        change_id=change_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    change_id: UUID,
    *,
    client: AuthenticatedClient,
    body: Acknowledgement,

) -> Appends | ProblemDocument | None:
    """ Acknowledge an Art 19 notice of a rectification sent to you

    Args:
        change_id (UUID):
        body (Acknowledgement):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Appends | ProblemDocument
     """


    return (await asyncio_detailed(
        change_id=change_id,
client=client,
body=body,

    )).parsed
