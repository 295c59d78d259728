"""The generated Python client against a running server: a token, then connection info for
both sides of one room, then a 401 for a bad token.

Run through ``cobrowse-mock exec -- .venv/bin/python -m pytest`` (``pnpm test``), which starts
the mock server on a free port and hands its URL and credentials over in COBROWSE_* variables.
"""

import re
import uuid

import pytest
from cec_cobrowse_client import (
    ApiClient,
    AuthenticationApi,
    CoBrowsingApi,
    Configuration,
    ErrorResponse,
    GetConnectionInfoRequest,
    Role,
    TokenRequest,
)
from cec_cobrowse_client.exceptions import ApiException, UnauthorizedException
from mock_server import co_browsing_client, get_token


def test_token_then_connection_info_for_both_roles(settings: dict) -> None:
    room_id = f"py-{uuid.uuid4()}"
    with co_browsing_client(settings, get_token(settings)) as client:
        api = CoBrowsingApi(client)
        customer = api.get_connection_info(
            GetConnectionInfoRequest(room_id=room_id, role=Role.RECORDER, user_id="customer-42", user_name="Alex Doe")
        )
        agent = api.get_connection_info(GetConnectionInfoRequest(room_id=room_id, role=Role.REPLAYER, work_no="667"))

    for answer in (customer, agent):
        assert answer.success is True
        assert answer.error_code is None
        assert answer.error_reason is None
        assert answer.data is not None
        assert answer.data.room_id == room_id
        assert re.fullmatch(r"wss?://\S+", answer.data.wss_url or "")
        assert answer.data.connect_param
    assert customer.data.connect_param != agent.data.connect_param


def test_bad_token_is_a_401_unauthorized_exception(settings: dict) -> None:
    with (
        co_browsing_client(settings, "not-a-token-the-server-issued") as client,
        pytest.raises(UnauthorizedException) as caught,
    ):
        CoBrowsingApi(client).get_connection_info(GetConnectionInfoRequest(room_id="room-401", role=Role.REPLAYER))

    error = caught.value
    assert isinstance(error, ApiException)
    assert error.status == 401
    assert isinstance(error.data, ErrorResponse)
    assert error.data.success is False
    assert error.data.error_code == 40100
    assert re.search("authorization", error.data.error_reason, re.IGNORECASE)


def test_wrong_app_secret_is_a_401(settings: dict) -> None:
    with ApiClient(Configuration(host=settings["host"])) as client, pytest.raises(UnauthorizedException) as caught:
        AuthenticationApi(client).token_by_ak_sk(
            TokenRequest(app_key=settings["app_key"], app_secret=settings["app_secret"] + "-wrong")
        )
    assert caught.value.status == 401
