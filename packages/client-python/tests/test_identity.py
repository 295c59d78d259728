"""Identification (packages/scenarios/README.md, Identification): the User-Agent names the SDK, its
version (the installed package's, which the release's version step writes into pyproject.toml,
never typed twice), the runtime and the OS, then the caller's suffix; the attempt header counts
each call's attempts, the token request's too. The shared scenarios assert both per attempt; these
check the value's parts, the suffix's checks, and the escape hatch."""

from __future__ import annotations

import platform
import re
from pathlib import Path

import cec_cobrowse
import pytest
from cec_cobrowse import CobrowseClient, ConfigurationError, from_env
from cec_cobrowse import generated as spec
from cec_cobrowse_client import CoBrowsingApi, GetConnectionInfoRequest, Role
from mock_server import RequestLog, control

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
OPTIONS = {"base_url": "https://gateway.example", "app_key": "k", "app_secret": "s", "tenant_space_id": "t"}


def test_the_version_is_the_one_pyproject_declares() -> None:
    declared = re.search(r'^version = "([^"]+)"$', PYPROJECT.read_text(encoding="utf-8"), re.MULTILINE)
    assert declared and cec_cobrowse.__version__ == declared.group(1)


def test_the_user_agent_names_the_sdk_the_runtime_and_the_os() -> None:
    client = CobrowseClient(**OPTIONS)
    expected = f"{spec.USER_AGENT_PRODUCT_PREFIX}python/{cec_cobrowse.__version__} {platform.python_implementation()}/{platform.python_version()} {platform.system()}"
    assert client.user_agent == expected
    assert re.fullmatch(r"cec-cobrowse-python/\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)? \S+/\S+ \S+", client.user_agent)


def test_a_suffix_ends_it() -> None:
    client = CobrowseClient(**OPTIONS, user_agent_suffix="acme-contact-center/4.2 (eu-west)")
    assert client.user_agent == f"{CobrowseClient(**OPTIONS).user_agent} acme-contact-center/4.2 (eu-west)"


@pytest.mark.parametrize(
    "suffix", ["acme/1.0\r\nX-Injected: yes", "acme/1.0\n", "", " ", "acme\t1.0", "acmé/1.0", "a" * 161, 42]
)
def test_a_suffix_that_is_not_product_tokens_is_refused(suffix: object) -> None:
    with pytest.raises(ConfigurationError, match="^user_agent_suffix: must be product tokens"):
        CobrowseClient(**OPTIONS, user_agent_suffix=suffix)  # type: ignore[arg-type]


def test_every_request_carries_it_the_escape_hatchs_too() -> None:
    control("DELETE", "/faults")
    client = from_env(user_agent_suffix="acme/1")
    log = RequestLog()
    client.get_connection_info("recorder")
    token = client.get_token().access_token
    CoBrowsingApi(client.raw).get_connection_info(
        GetConnectionInfoRequest(role=Role.RECORDER), _headers={spec.AUTHORIZATION_HEADER: spec.BEARER_PREFIX + token}
    )
    records = log.records()
    assert [r["operationId"] for r in records] == ["tokenByAkSk", "getConnectionInfo", "getConnectionInfo"]
    assert {r["userAgent"] for r in records} == {client.user_agent}
    assert [r.get("attempt") for r in records] == [1, 1, None]  # the escape hatch makes no attempts of its own
