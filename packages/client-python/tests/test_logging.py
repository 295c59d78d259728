"""COBROWSE_LOG=debug|info|warn|off sets the "cec_cobrowse" logger's level; the lines go to the
application's handlers, or to stderr (once) when it configured none; every line is scrubbed.
Against the mock; the environment variable is read at import, so those cases run in a process of
their own."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
from cec_cobrowse import Hooks, from_env
from cec_cobrowse import generated as spec
from cec_cobrowse._log import OFF, configure_from_env
from mock_server import control

LOGGER = logging.getLogger("cec_cobrowse")


@pytest.fixture(autouse=True)
def restore_the_logger() -> Iterator[None]:
    control("DELETE", "/faults")
    level, handlers = LOGGER.level, list(LOGGER.handlers)
    yield
    LOGGER.setLevel(level)
    LOGGER.handlers[:] = handlers


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("debug", logging.DEBUG),
        ("INFO", logging.INFO),
        ("warn", logging.WARNING),
        ("warning", logging.WARNING),
        (" off ", OFF),
    ],
)
def test_each_value_sets_the_level(value: str, level: int) -> None:
    assert configure_from_env({"COBROWSE_LOG": value}) == level
    assert LOGGER.level == level


def test_unset_leaves_the_applications_level_and_an_unknown_value_says_so(caplog: pytest.LogCaptureFixture) -> None:
    LOGGER.setLevel(logging.ERROR)
    assert configure_from_env({}) is None and LOGGER.level == logging.ERROR
    LOGGER.setLevel(logging.NOTSET)
    with caplog.at_level(logging.WARNING, "cec_cobrowse"):
        assert configure_from_env({"COBROWSE_LOG": "verbose"}) is None
    assert "COBROWSE_LOG='verbose' is not one of debug, info, warn, off: ignored" in caplog.text


def run(value: str, program: str) -> tuple[str, str]:
    """``program`` with COBROWSE_LOG=``value``: its stdout and stderr."""
    env: dict[str, str] = {**os.environ, "COBROWSE_LOG": value}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(program)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


CALL = """
    from cec_cobrowse import Hooks, from_env
    def hook(event):
        raise RuntimeError("a hook that fails")
    from_env(hooks=Hooks(after_response=hook)).get_connection_info("recorder")
"""


def test_debug_without_logging_configured_prints_to_stderr() -> None:
    out, err = run("debug", CALL)
    assert out == ""
    assert "DEBUG cec_cobrowse: tokenByAkSk: attempt 1: HTTP 200 in " in err
    assert "INFO cec_cobrowse: tokenByAkSk: token issued, used for " in err
    assert "DEBUG cec_cobrowse: getConnectionInfo: attempt 1: HTTP 200 in " in err and "[request id " in err
    assert (
        "WARNING cec_cobrowse: getConnectionInfo: attempt 1: the after_response hook raised RuntimeError: a hook that fails; ignored"
        in err
    )


def test_the_applications_handlers_get_the_lines_once() -> None:
    out, err = run(
        "info",
        "import logging, sys\nlogging.basicConfig(stream=sys.stdout, level=logging.DEBUG, format='%(levelname)s %(name)s %(message)s')\n"
        + textwrap.dedent(CALL),
    )
    assert err == ""
    assert out.count("INFO cec_cobrowse tokenByAkSk: token issued") == 1
    assert out.count("the after_response hook raised RuntimeError") == 2  # the token request's answer, then the call's
    assert "DEBUG cec_cobrowse" not in out  # info: no line per attempt (urllib3 writes its own at DEBUG)


def test_off_silences_the_layer_whatever_the_application_asks() -> None:
    out, err = run(
        "off",
        "import logging, sys\nlogging.basicConfig(stream=sys.stdout, level=logging.DEBUG)\n" + textwrap.dedent(CALL),
    )
    assert "cec_cobrowse" not in out + err


def test_the_applications_own_setting_after_import_wins() -> None:
    _, err = run(
        "debug",
        "import logging, cec_cobrowse\nlogging.getLogger('cec_cobrowse').setLevel(logging.WARNING)\n"
        + textwrap.dedent(CALL),
    )
    assert "DEBUG" not in err and "WARNING cec_cobrowse" in err


def test_no_line_shows_the_secret_or_a_token(caplog: pytest.LogCaptureFixture) -> None:
    secret = os.environ["COBROWSE_APP_SECRET"]

    def leaky(event: object) -> None:
        raise RuntimeError(f"the application's own bug, holding {secret}")

    client = from_env(hooks=Hooks(on_error=leaky))
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 503, "retryAfter": 0})
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 401})
    with caplog.at_level(logging.DEBUG, "cec_cobrowse"):
        client.get_connection_info("recorder")
    lines = caplog.text
    assert "retry 1 of 2" in lines and "dropped it, replaying once" in lines and "holding [REDACTED]" in lines
    assert secret not in lines
    tokens = client._tokens.remembered()
    assert len(tokens) == 2 and not [t for t in tokens if t in lines]
