"""The mock server the tests run against (``cobrowse-mock exec`` hands its URL and credentials
over in COBROWSE_* variables), and the generated client's token flow against it."""

import json
import os
import re
import urllib.request
from typing import Any

import pytest
from cec_cobrowse_client import ApiClient, AuthenticationApi, Configuration, TokenRequest


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(
            f"{name} is not set: run these tests with `pnpm test` "
            "(cobrowse-mock exec -- .venv/bin/python -m pytest), which sets it to the mock server's"
        )
    return value


def settings_from_env() -> dict:
    return {
        "host": env("COBROWSE_BASE_URL"),
        "app_key": env("COBROWSE_APP_KEY"),
        "app_secret": env("COBROWSE_APP_SECRET"),
        "tenant_space_id": env("COBROWSE_TENANT_SPACE_ID"),
    }


def get_token(settings: dict) -> str:
    with ApiClient(Configuration(host=settings["host"])) as client:
        answer = AuthenticationApi(client).token_by_ak_sk(
            TokenRequest(app_key=settings["app_key"], app_secret=settings["app_secret"]),
            x_token_expire=600,
        )
    assert answer.apply_type == "Bearer"
    assert answer.access_token
    assert answer.expires == "600"
    assert re.fullmatch(r"[0-9]+", answer.create_time)
    return answer.access_token


def co_browsing_client(settings: dict, access_token: str) -> ApiClient:
    return ApiClient(
        Configuration(
            host=settings["host"],
            access_token=access_token,
            api_key={"appKey": settings["app_key"], "tenantSpaceId": settings["tenant_space_id"]},
        )
    )


def control_url() -> str:
    """The mock's control API (faults, the request log)."""
    return os.environ.get("COBROWSE_MOCK_CONTROL_URL") or env("COBROWSE_BASE_URL").rstrip("/") + "/__mock"


def control(method: str, path: str, body: Any = None) -> Any:
    """A call of the mock's control API, its JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        control_url() + path, data=data, method=method, headers={"content-type": "application/json"}
    )
    token = os.environ.get("COBROWSE_MOCK_CONTROL_TOKEN")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


class RequestLog:
    """The mock's request log from now on: ``records()`` lists what arrived since it was made."""

    def __init__(self) -> None:
        self.since = control("GET", "/requests?since=0")["last"]

    def records(self, operation: str | None = None) -> list[dict[str, Any]]:
        found = control("GET", f"/requests?since={self.since}")["requests"]
        return [r for r in found if operation is None or r["operationId"] == operation]
