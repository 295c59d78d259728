"""The layer's own promises beyond the shared scenarios: configuration from the environment,
no secret or token in any log line, repr() or error, and the generated debug switch made safe."""

from __future__ import annotations

import http.client
import logging
import os
import threading
import time

import pytest
from cec_cobrowse import AccessToken, CobrowseClient, ConfigurationError, ValidationError, from_env
from cec_cobrowse._token import CachedToken, TokenCache
from cec_cobrowse_client import ApiClient, AuthenticationApi, Configuration, TokenRequest


def env() -> dict:
    return {
        k: os.environ[k]
        for k in ("COBROWSE_BASE_URL", "COBROWSE_APP_KEY", "COBROWSE_APP_SECRET", "COBROWSE_TENANT_SPACE_ID")
    }


def test_from_env_reads_the_four_variables_and_names_a_missing_one() -> None:
    client = from_env(env())
    assert client.base_url == os.environ["COBROWSE_BASE_URL"]
    partial = env()
    del partial["COBROWSE_TENANT_SPACE_ID"]
    with pytest.raises(ConfigurationError, match="^COBROWSE_TENANT_SPACE_ID: missing"):
        from_env(partial)
    with pytest.raises(ConfigurationError, match="^tenant_space_id: missing"):
        from_env(partial, tenant_space_id="")


def test_plain_http_is_refused_off_loopback_unless_allowed() -> None:
    options = {"app_key": "k", "app_secret": "s", "tenant_space_id": "t"}
    with pytest.raises(ConfigurationError, match="plain http"):
        CobrowseClient(base_url="http://cobrowse.example.invalid", **options)
    CobrowseClient(base_url="http://cobrowse.example.invalid", allow_insecure_http=True, **options)
    CobrowseClient(base_url="http://[::1]:8080", **options)
    with pytest.raises(ConfigurationError, match="token_expire"):
        CobrowseClient(base_url="https://x.example", token_expire=0, **options)


def test_a_bad_field_is_named_before_sending() -> None:
    client = from_env(env())
    with pytest.raises(ValidationError, match="^room_id:"):
        client.get_connection_info("recorder", "room\tid")  # a control character: the spec refuses it
    with pytest.raises(ValidationError, match="^role: must be one of 'recorder', 'replayer'"):
        client.get_connection_info("agent")


def test_no_secret_or_token_in_logs_reprs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = from_env(env())
    result = client.get_connection_info("recorder", user_id="customer-42")
    token = client.get_token()
    assert client.get_connection_info("replayer", result.data.room_id).data.room_id == result.data.room_id
    secret = os.environ["COBROWSE_APP_SECRET"]
    shown = "\n".join([caplog.text, repr(client), str(client), repr(token), repr(client._tokens.current())])
    assert "token issued" in caplog.text
    assert secret not in shown
    assert token.access_token not in shown
    assert isinstance(token, AccessToken)
    with pytest.raises(Exception) as caught:
        from_env({**env(), "COBROWSE_APP_SECRET": "wrong-secret-9d2e"}).get_token()
    assert "wrong-secret-9d2e" not in repr(caught.value) + str(caught.value)


def test_the_generated_token_request_repr_hides_the_secret() -> None:
    request = TokenRequest(app_key="k", app_secret="s3cr3t-in-repr")
    assert "s3cr3t-in-repr" not in repr(request) + str(request) + request.to_str()
    assert "s3cr3t-in-repr" in request.to_json()  # the request itself still carries it


def test_the_generated_debug_switch_prints_no_secret_and_leaves_http_client_alone(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = Configuration(host=os.environ["COBROWSE_BASE_URL"])
    config.debug = True
    try:
        assert http.client.HTTPConnection.debuglevel == 0
        with ApiClient(config) as api:
            answer = AuthenticationApi(api).token_by_ak_sk(
                TokenRequest(app_key=os.environ["COBROWSE_APP_KEY"], app_secret=os.environ["COBROWSE_APP_SECRET"])
            )
    finally:
        config.debug = False
    out, err = capfd.readouterr()
    printed = out + err + caplog.text
    assert os.environ["COBROWSE_APP_SECRET"] not in printed
    assert answer.access_token not in printed
    assert "Bearer" not in printed


def test_callers_in_the_refresh_window_share_one_background_load() -> None:
    loads = []
    release = threading.Event()

    def load() -> CachedToken:
        loads.append(1)
        if len(loads) > 1:
            release.wait(5)
        now = time.time()
        # The first token is due for a refresh at once but usable for a minute.
        return CachedToken(f"t{len(loads)}", refresh_at=now if len(loads) == 1 else now + 60, expires_at=now + 60)

    cache = TokenCache(load)
    assert cache.acquire().token == "t1"
    threads = [threading.Thread(target=cache.acquire) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    release.set()
    deadline = time.time() + 5
    while cache.current() is not None and cache.current().token != "t2" and time.time() < deadline:
        time.sleep(0.01)
    assert len(loads) == 2
    assert cache.acquire().token == "t2"
