"""The shared scenarios (packages/scenarios/scenarios.json), run by the Python layer against the
reference mock that ``cobrowse-mock exec`` started: faults go to its control API
(COBROWSE_MOCK_CONTROL_URL), counts come from its request log. Results go to
scenario-results.json, which packages/scenarios/parity.mjs turns into the README's table."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import traceback
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List

import pytest

from cec_cobrowse import CobrowseClient

HERE = Path(__file__).resolve().parent
SCENARIOS = Path(os.environ.get("COBROWSE_SCENARIOS", HERE.parents[1] / "scenarios" / "scenarios.json"))
RESULTS = HERE.parent / "scenario-results.json"
LANGUAGE = "python"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

RAW = SCENARIOS.read_bytes()
FILE = json.loads(RAW)
RESULTS_BY_ID: Dict[str, Dict[str, str]] = {}

# The scenario file's option names (the TypeScript client's, durations in ms) → this layer's.
OPTIONS = {
    "baseUrl": ("base_url", 1),
    "appKey": ("app_key", 1),
    "appSecret": ("app_secret", 1),
    "tenantSpaceId": ("tenant_space_id", 1),
    "tokenExpire": ("token_expire", 1),
    "timeoutMs": ("timeout", 1000),
    "maxRetries": ("max_retries", 1),
    "retryBaseDelayMs": ("retry_base_delay", 1000),
    "retryMaxDelayMs": ("retry_max_delay", 1000),
}
BODY = {"role": "role", "roomId": "room_id", "userId": "user_id", "userName": "user_name", "workNo": "work_no"}


class Failed(AssertionError):
    pass


def same(what: str, got: Any, want: Any) -> None:
    if got != want:
        raise Failed(f"{what}: expected {want!r}, got {got!r}")


def control_url() -> str:
    return os.environ.get("COBROWSE_MOCK_CONTROL_URL") or os.environ["COBROWSE_BASE_URL"].rstrip("/") + "/__mock"


def control(method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(control_url() + path, data=data, method=method, headers={"content-type": "application/json"})
    token = os.environ.get("COBROWSE_MOCK_CONTROL_TOKEN")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


def check_error(error: BaseException, want: Dict[str, Any], secret: str | None) -> None:
    same("error class", type(error).__name__, want["class"])
    for key, attr in (("status", "status"), ("errorCode", "error_code"), ("errorReason", "error_reason")):
        if key in want:
            same(f"error {key}", getattr(error, attr, None), want[key])
    if want.get("requestId") and not getattr(error, "request_id", None):
        raise Failed("the error carries no request id")
    shown = "\n".join([str(error), repr(error), *traceback.format_exception(error)])
    if secret and secret in shown:
        raise Failed("the error shows the app secret")


def check_ok(result: Any, want: Dict[str, Any], saved: Dict[str, Any]) -> None:
    data = result.data
    for attr in ("room_id", "wss_url", "wss_url_out", "connect_param"):
        if not getattr(data, attr, None):
            raise Failed(f"the result lacks data.{attr}")
    if "roomId" in want:
        same("data.roomId", data.room_id, want["roomId"])
    if "roomIdFrom" in want:
        same("data.roomId", data.room_id, saved[want["roomIdFrom"]].data.room_id)
    if want.get("roomIdFormat") == "uuid" and not UUID.match(data.room_id):
        raise Failed(f"data.roomId is not a UUID: {data.room_id}")


def run(scenario: Dict[str, Any]) -> None:
    control("DELETE", "/faults")
    since = control("GET", "/requests?since=0")["last"]
    options: Dict[str, Any] = {
        "base_url": os.environ["COBROWSE_BASE_URL"],
        "app_key": os.environ["COBROWSE_APP_KEY"],
        "app_secret": os.environ["COBROWSE_APP_SECRET"],
        "tenant_space_id": os.environ["COBROWSE_TENANT_SPACE_ID"],
    }
    for key, value in {**FILE.get("defaults", {}).get("client", {}), **scenario.get("client", {})}.items():
        name, scale = OPTIONS[key]
        options[name] = None if value is None else (value / scale if scale != 1 else value)
    client = None
    try:
        client = CobrowseClient(**options)
    except Exception as error:  # noqa: BLE001 (the expectation decides)
        if "create" not in scenario:
            raise
        check_error(error, scenario["create"]["error"], options.get("app_secret"))
    if "create" in scenario and client is not None:
        raise Failed("creating the client should have failed")
    saved: Dict[str, Any] = {}
    t0 = time.time()
    for step in scenario["steps"]:
        if "inject" in step:
            control("POST", "/faults", step["inject"])
        elif "sleepMs" in step:
            time.sleep(step["sleepMs"] / 1000)
        elif step.get("alignToSecond"):
            time.sleep(1 - (time.time() % 1) + 0.05)
            t0 = time.time()
        elif "untilMs" in step:
            time.sleep(max(0.0, t0 + step["untilMs"] / 1000 - time.time()))
        elif "call" in step:
            body = {BODY[k]: v for k, v in step["body"].items()}
            if "roomIdFrom" in step:
                body["room_id"] = saved[step["roomIdFrom"]].data.room_id

            def once(_: int) -> Any:
                try:
                    return ("ok", client.get_connection_info(**body))
                except Exception as error:  # noqa: BLE001
                    return ("error", error)

            n = step.get("concurrent", 1)
            if n == 1:
                outcomes = [once(0)]
            else:
                with ThreadPoolExecutor(max_workers=n) as pool:
                    outcomes = list(pool.map(once, range(n)))
            for kind, value in outcomes:
                if "ok" in step["expect"]:
                    if kind != "ok":
                        raise Failed(f"expected success, got {type(value).__name__}: {value}")
                    check_ok(value, step["expect"]["ok"], saved)
                else:
                    if kind == "ok":
                        raise Failed(f"expected {step['expect']['error']['class']}, got success")
                    check_error(value, step["expect"]["error"], options.get("app_secret"))
            if "save" in step and outcomes[0][0] == "ok":
                saved[step["save"]] = outcomes[0][1]
    log: List[Dict[str, Any]] = control("GET", f"/requests?since={since}")["requests"]
    for op, n in scenario["requests"].items():
        same(f"{op} requests", sum(1 for r in log if r["operationId"] == op), n)
    for op, statuses in scenario.get("statuses", {}).items():
        same(f"{op} statuses", [r["status"] for r in log if r["operationId"] == op], statuses)
    if "rooms" in scenario:
        rooms = {r["roomId"] for r in log if r.get("roomId")}
        same("rooms", len(rooms), scenario["rooms"])
        for name, result in saved.items():
            if result.data.room_id not in rooms:
                raise Failed(f"{name}'s room {result.data.room_id} is not one the mock answered")


@pytest.fixture(scope="module", autouse=True)
def write_results():
    yield
    doc = {"language": LANGUAGE, "scenarios": hashlib.sha256(RAW).hexdigest(), "results": RESULTS_BY_ID}
    RESULTS.write_text(json.dumps(doc, indent=2) + "\n")


@pytest.mark.parametrize("scenario", FILE["scenarios"], ids=[s["id"] for s in FILE["scenarios"]])
def test_scenario(scenario: Dict[str, Any]) -> None:
    reason = scenario.get("skip", {}).get(LANGUAGE)
    if reason:
        RESULTS_BY_ID[scenario["id"]] = {"status": "skipped", "reason": reason}
        pytest.skip(reason)
    try:
        run(scenario)
    except BaseException as error:
        RESULTS_BY_ID[scenario["id"]] = {"status": "fail", "reason": str(error)[:500]}
        raise
    RESULTS_BY_ID[scenario["id"]] = {"status": "pass"}
