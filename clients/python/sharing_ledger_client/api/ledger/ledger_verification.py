from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem_document import ProblemDocument
from ...models.verification import Verification
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    read_models: bool | Unset = False,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["read_models"] = read_models


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/ledger/verification",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDocument | Verification | None:
    if response.status_code == 200:
        response_200 = Verification.from_dict(response.json())



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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDocument | Verification]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    read_models: bool | Unset = False,

) -> Response[ProblemDocument | Verification]:
    """ Re-derive every hash from the stored rows; check every stored checkpoint

     `ok: false` names the first failure; this is a finding, not an error of the request.

    With ``read_models=true`` the read models the reports are built from are
    checked too (``sharing-ledger verify --read-models``): ``read_models``
    says whether they match, and if not, the table, key and column only.

    Args:
        read_models (bool | Unset): Also replay the ledger and compare the read models with it
            (slower). Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | Verification]
     """


    kwargs = _get_kwargs(
        read_models=read_models,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    read_models: bool | Unset = False,

) -> ProblemDocument | Verification | None:
    """ Re-derive every hash from the stored rows; check every stored checkpoint

     `ok: false` names the first failure; this is a finding, not an error of the request.

    With ``read_models=true`` the read models the reports are built from are
    checked too (``sharing-ledger verify --read-models``): ``read_models``
    says whether they match, and if not, the table, key and column only.

    Args:
        read_models (bool | Unset): Also replay the ledger and compare the read models with it
            (slower). Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | Verification
     """


    return sync_detailed(
        client=client,
read_models=read_models,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    read_models: bool | Unset = False,

) -> Response[ProblemDocument | Verification]:
    """ Re-derive every hash from the stored rows; check every stored checkpoint

     `ok: false` names the first failure; this is a finding, not an error of the request.

    With ``read_models=true`` the read models the reports are built from are
    checked too (``sharing-ledger verify --read-models``): ``read_models``
    says whether they match, and if not, the table, key and column only.

    Args:
        read_models (bool | Unset): Also replay the ledger and compare the read models with it
            (slower). Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDocument | Verification]
     """


    kwargs = _get_kwargs(
        read_models=read_models,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    read_models: bool | Unset = False,

) -> ProblemDocument | Verification | None:
    """ Re-derive every hash from the stored rows; check every stored checkpoint

     `ok: false` names the first failure; this is a finding, not an error of the request.

    With ``read_models=true`` the read models the reports are built from are
    checked too (``sharing-ledger verify --read-models``): ``read_models``
    says whether they match, and if not, the table, key and column only.

    Args:
        read_models (bool | Unset): Also replay the ledger and compare the read models with it
            (slower). Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDocument | Verification
     """


    return (await asyncio_detailed(
        client=client,
read_models=read_models,

    )).parsed
