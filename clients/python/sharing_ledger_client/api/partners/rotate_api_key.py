from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_key_rotation import ApiKeyRotation
from ...models.problem_document import ProblemDocument
from ...models.rotate_api_key_response_rotate_api_key import RotateApiKeyResponseRotateApiKey
from typing import cast



def _get_kwargs(
    organisation: str,
    *,
    body: ApiKeyRotation,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/partners/{organisation}/api-key/rotation".format(organisation=quote(str(organisation), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDocument | RotateApiKeyResponseRotateApiKey | None:
    if response.status_code == 201:
        response_201 = RotateApiKeyResponseRotateApiKey.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDocument | RotateApiKeyResponseRotateApiKey]:
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
    body: ApiKeyRotation,

) -> Response[ProblemDocument | RotateApiKeyResponseRotateApiKey]:
    """ A partner replaces its own API key: a new one now, this one revoked

     The reply holds the new key, once; the key that called stops working. Both recorded.

    Args:
        organisation (str):
        body (ApiKeyRotation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | RotateApiKeyResponseRotateApiKey]
     """


    kwargs = _get_kwargs(
        organisation=organisation,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    organisation: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyRotation,

) -> ProblemDocument | RotateApiKeyResponseRotateApiKey | None:
    """ A partner replaces its own API key: a new one now, this one revoked

     The reply holds the new key, once; the key that called stops working. Both recorded.

    Args:
        organisation (str):
        body (ApiKeyRotation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | RotateApiKeyResponseRotateApiKey
     """


    return sync_detailed(
        organisation=organisation,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    organisation: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyRotation,

) -> Response[ProblemDocument | RotateApiKeyResponseRotateApiKey]:
    """ A partner replaces its own API key: a new one now, this one revoked

     The reply holds the new key, once; the key that called stops working. Both recorded.

    Args:
        organisation (str):
        body (ApiKeyRotation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | RotateApiKeyResponseRotateApiKey]
     """


    kwargs = _get_kwargs(
        organisation=organisation,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    organisation: str,
    *,
    client: AuthenticatedClient,
    body: ApiKeyRotation,

) -> ProblemDocument | RotateApiKeyResponseRotateApiKey | None:
    """ A partner replaces its own API key: a new one now, this one revoked

     The reply holds the new key, once; the key that called stops working. Both recorded.

    Args:
        organisation (str):
        body (ApiKeyRotation):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | RotateApiKeyResponseRotateApiKey
     """


    return (await asyncio_detailed(
        organisation=organisation,
client=client,
body=body,

    )).parsed
