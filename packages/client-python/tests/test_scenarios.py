"""The shared scenarios (packages/scenarios/scenarios.json), run by the Python layer against the
reference mock that ``cobrowse-mock exec`` started: faults and chaos go to its control API
(COBROWSE_MOCK_CONTROL_URL), counts come from its request log, and the invariants are judged by
packages/scenarios/judge.mjs (the one judge every language asks) from that log, the session
outcomes, and every rendering of every error plus every line the "cec_cobrowse" logger wrote.
Results go to scenario-results.json (one per scenario, one per invariant a scenario lists),
which packages/scenarios/parity.mjs turns into the README's table."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cec_cobrowse import CobrowseClient, ErrorEvent, Hooks, RequestEvent, ResponseEvent
from cec_cobrowse import _constants as defaults
from cec_cobrowse_client import GetConnectionInfoRequest
from mock_server import control

HERE = Path(__file__).resolve().parent
SCENARIOS_DIR = HERE.parents[1] / "scenarios"
SCENARIOS = Path(os.environ.get("COBROWSE_SCENARIOS", SCENARIOS_DIR / "scenarios.json"))
# The judge beside the scenarios file that runs (packages/scenarios holds both; a copy of the
# scenarios elsewhere carries a copy of the judge).
JUDGE = SCENARIOS.parent / "judge.mjs"
RESULTS = HERE.parent / "scenario-results.json"
LANGUAGE = "python"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

RAW = SCENARIOS.read_bytes()
FILE = json.loads(RAW)
RESULTS_BY_ID: dict[str, dict[str, str]] = {}

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
    "maxResponseBytes": ("max_response_bytes", 1),
    "userAgentSuffix": ("user_agent_suffix", 1),
}
# A scenario's body by the spec's (JSON) names → the generated model's Python names, the keywords
# get_connection_info takes.
BODY = {info.alias or name: name for name, info in GetConnectionInfoRequest.model_fields.items()}
# What this runner implements: a scenario (or a step) with another key fails rather than pass unchecked.
SCENARIO_KEYS = {
    "id",
    "title",
    "description",
    "client",
    "create",
    "steps",
    "requests",
    "statuses",
    "tokens",
    "rooms",
    "invariants",
    "skip",
    "offSpec",
    "attempts",
    "hookHeaders",
    "userAgent",
    "hookCalls",
}
STEP_KINDS = {"call", "inject", "chaos", "sessions", "sleepMs", "alignToSecond", "untilMs"}


class Failed(AssertionError):
    pass


def same(what: str, got: Any, want: Any) -> None:
    if got != want:
        raise Failed(f"{what}: expected {want!r}, got {got!r}")


def now_ms() -> int:
    return int(time.time() * 1000)


# -- the mock's control API --------------------------------------------------------------------


# -- what the scenario saw: error renderings and the layer's log lines -------------------------


def renderings(error: BaseException) -> list[str]:
    """Every way a program could show ``error``: str, repr, the traceback, its cause/context chain,
    its attributes (details, headers, reason …)."""
    out = [str(error), repr(error), "".join(traceback.format_exception(error)), repr(vars(error))]
    for name in ("details", "headers", "error_reason", "reason", "request_id"):
        value = getattr(error, name, None)
        if value is not None:
            out.append(json.dumps(value, default=str))
    seen = {id(error)}
    link = error.__cause__ or error.__context__
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        out += [str(link), repr(link), repr(getattr(link, "__dict__", {}))]
        link = link.__cause__ or link.__context__
    return out


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def captured_log() -> Iterator[list[str]]:
    """Every line the layer's logger ("cec_cobrowse") writes meanwhile, at DEBUG."""
    logger = logging.getLogger(defaults.LOGGER_NAME)
    handler = _Lines()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


# -- checks ------------------------------------------------------------------------------------


def check_error(error: BaseException, want: dict[str, Any], secret: str | None) -> None:
    same("error class", type(error).__name__, want["class"])
    for key, attr in (("status", "status"), ("errorCode", "error_code"), ("errorReason", "error_reason")):
        if key in want:
            same(f"error {key}", getattr(error, attr, None), want[key])
    if want.get("requestId") and not getattr(error, "request_id", None):
        raise Failed("the error carries no request id")
    if secret and any(secret in text for text in renderings(error)):
        raise Failed("the error shows the app secret")


def check_ok(result: Any, want: dict[str, Any], saved: dict[str, Any]) -> None:
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


def token_letters(log: list[dict[str, Any]], op: str) -> list[str | None]:
    """The tokens ``op``'s requests carried, as letters in order of first appearance."""
    letters: dict[str, str] = {}
    out: list[str | None] = []
    for r in log:
        if r["operationId"] != op:
            continue
        token_id = (r.get("token") or {}).get("id")
        if token_id is not None:
            letters.setdefault(token_id, chr(ord("A") + len(letters)))
        out.append(letters.get(token_id) if token_id is not None else None)
    return out


def check_log(scenario: dict[str, Any], log: list[dict[str, Any]], saved: dict[str, Any]) -> None:
    for op, n in scenario.get("requests", {}).items():
        same(f"{op} requests", sum(1 for r in log if r["operationId"] == op), n)
    for op, statuses in scenario.get("statuses", {}).items():
        same(f"{op} statuses", [r["status"] for r in log if r["operationId"] == op], statuses)
    for op, letters in scenario.get("tokens", {}).items():
        same(f"{op} tokens", token_letters(log, op), letters)
    if "rooms" in scenario:
        rooms = {r["roomId"] for r in log if r.get("roomId")}
        same("rooms", len(rooms), scenario["rooms"])
        for name, result in saved.items():
            if result.data.room_id not in rooms:
                raise Failed(f"{name}'s room {result.data.room_id} is not one the mock answered")


# -- hooks that record their calls (README.md, The scenarios: client.hooks) -------------------


class HookRecorder:
    """The three hooks, each recording its call in order (any thread); the before-request hook adds
    the mock's hook header (its name from the request log's answer) with the attempt number. A call
    listed in ``throw`` records itself, then raises."""

    def __init__(self, header: str, throw: list[dict[str, Any]]) -> None:
        self.header = header
        self.throw = [(t["hook"], t["operationId"], t["attempt"]) for t in throw]
        self.calls: list[dict[str, Any]] = []
        self.texts: list[str] = []
        self.lock = threading.Lock()

    def hooks(self) -> Hooks:
        return Hooks(before_request=self.before_request, after_response=self.after_response, on_error=self.on_error)

    def _record(self, hook: str, event: Any, **extra: Any) -> None:
        call = {
            "hook": hook,
            "operationId": event.operation,
            "attempt": event.attempt,
            "tokenRequest": event.token_request,
            **extra,
        }
        with self.lock:
            self.calls.append(call)
            self.texts += [repr(event), str(event), json.dumps(vars(event), default=str)]
        if (hook, event.operation, event.attempt) in self.throw:
            raise RuntimeError("hook failed on purpose")

    def before_request(self, event: RequestEvent) -> None:
        self._record("beforeRequest", event)
        event.headers[self.header] = str(event.attempt)

    def after_response(self, event: ResponseEvent) -> None:
        self._record(
            "afterResponse", event, status=event.status, requestId=event.request_id, durationMs=event.duration * 1000
        )

    def on_error(self, event: ErrorEvent) -> None:
        with self.lock:
            self.texts += renderings(event.error)
        self._record(
            "onError",
            event,
            status=event.status,
            requestId=event.request_id,
            durationMs=event.duration * 1000,
            error=type(event.error).__name__,
        )


# -- running calls and sessions ----------------------------------------------------------------


def at_once(n: int, fn: Callable[[int], Any]) -> list[Any]:
    """``fn(0)`` … ``fn(n-1)``, each on its own thread, released together by a barrier."""
    if n == 1:
        return [fn(0)]
    barrier = threading.Barrier(n)

    def go(i: int) -> Any:
        barrier.wait(timeout=60)
        return fn(i)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(go, range(n)))


@dataclass
class Run:
    """What one scenario saw, for the judge."""

    client: CobrowseClient | None = None
    secret: str | None = None
    texts: list[str] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, body: dict[str, Any]) -> tuple[str, Any, int, int]:
        start = now_ms()
        try:
            outcome: tuple[str, Any] = ("ok", self.client.get_connection_info(**body))  # type: ignore[union-attr]
        except Exception as error:  # noqa: BLE001 (the expectation decides)
            with self.lock:
                self.texts += renderings(error)
            outcome = ("error", error)
        return outcome[0], outcome[1], start, now_ms()

    def session(self, scenario_id: str, k: int, mode: str) -> None:
        """The customer's call (naming the room), then the agent's into that room."""
        room: str | None = None
        for side, role in (("customer", "recorder"), ("agent", "replayer")):
            if side == "agent" and room is None:
                return  # no room to join
            user_id = f"{scenario_id}-s{k}-{side}"
            body = {"role": role, "user_id": user_id, **({"room_id": room} if room else {})}
            kind, value, start, end = self.call(body)
            record: dict[str, Any] = {
                "userId": user_id,
                "session": f"s{k}",
                "mode": mode,
                "ok": kind == "ok",
                "start": start,
                "end": end,
            }
            if kind == "ok":
                record["roomId"] = room = value.data.room_id
            else:
                record["error"] = {"class": type(value).__name__, "operation": getattr(value, "operation", None)}
            with self.lock:
                self.calls.append(record)


def run_steps(scenario: dict[str, Any], run: Run, saved: dict[str, Any]) -> None:
    t0 = time.time()
    for step in scenario["steps"]:
        kinds = STEP_KINDS & set(step)
        if len(kinds) != 1:
            raise Failed(f"a step this runner does not implement: {sorted(step)}")
        if "inject" in step:
            control("POST", "/faults", step["inject"])
        elif "chaos" in step:
            if step["chaos"] is None:
                control("DELETE", "/chaos")
            else:
                control("POST", "/chaos", step["chaos"])
        elif "sleepMs" in step:
            time.sleep(step["sleepMs"] / 1000)
        elif step.get("alignToSecond"):
            time.sleep(1 - (time.time() % 1) + 0.05)
            t0 = time.time()
        elif "untilMs" in step:
            time.sleep(max(0.0, t0 + step["untilMs"] / 1000 - time.time()))
        elif "sessions" in step:
            sequential = step["sessions"].get("sequential", 0)
            concurrent = step["sessions"].get("concurrent", 0)
            for k in range(sequential):
                run.session(scenario["id"], k, "sequential")
            if concurrent:
                at_once(concurrent, lambda i, first=sequential: run.session(scenario["id"], first + i, "concurrent"))
        elif "call" in step:
            body = {BODY[k]: v for k, v in step["body"].items()}
            if "roomIdFrom" in step:
                body["room_id"] = saved[step["roomIdFrom"]].data.room_id
            outcomes = at_once(step.get("concurrent", 1), lambda _, body=body: run.call(body))
            for kind, value, start, end in outcomes:
                if "withinMs" in step and end - start > step["withinMs"]:
                    raise Failed(f"a call took {end - start} ms, over withinMs {step['withinMs']}")
                if "ok" in step["expect"]:
                    if kind != "ok":
                        raise Failed(f"expected success, got {type(value).__name__}: {value}")
                    check_ok(value, step["expect"]["ok"], saved)
                else:
                    if kind == "ok":
                        raise Failed(f"expected {step['expect']['error']['class']}, got success")
                    check_error(value, step["expect"]["error"], run.secret)
            if "save" in step and outcomes[0][0] == "ok":
                saved[step["save"]] = outcomes[0][1]


# -- the judge ---------------------------------------------------------------------------------


def ask_judge(
    scenario: dict[str, Any], since: int, options: dict[str, Any], run: Run, hook_calls: list[dict[str, Any]] | None
) -> dict[str, Any]:
    """judge.mjs's verdict (README.md, The judge); exit 2 (a bad request, no mock) fails."""
    request = {
        "since": since,
        "language": LANGUAGE,
        "scenario": scenario,
        **({"hookCalls": hook_calls} if hook_calls is not None else {}),
        "invariants": scenario.get("invariants", []),
        "client": {
            "maxRetries": options.get("max_retries", defaults.DEFAULT_MAX_RETRIES),
            "timeoutMs": int(options.get("timeout", defaults.DEFAULT_TIMEOUT) * 1000),
        },
        "calls": run.calls,
        "texts": run.texts,
    }
    done = subprocess.run(
        ["node", str(JUDGE)], check=False, input=json.dumps(request), capture_output=True, text=True, timeout=120
    )
    if done.returncode not in (0, 1):
        raise Failed(f"the judge could not judge (exit {done.returncode}): {done.stderr.strip()[:500]}")
    verdict = json.loads(done.stdout)
    if verdict.get("summary"):
        print(f"{scenario['id']}: {verdict['summary']}")
    return verdict["results"]


# -- one scenario ------------------------------------------------------------------------------


def client_options(scenario: dict[str, Any], hook_header: str) -> tuple[dict[str, Any], HookRecorder | None]:
    """The client's options by this layer's names, and the recording hooks when the scenario asks."""
    recorder: HookRecorder | None = None
    options: dict[str, Any] = {
        "base_url": os.environ["COBROWSE_BASE_URL"],
        "app_key": os.environ["COBROWSE_APP_KEY"],
        "app_secret": os.environ["COBROWSE_APP_SECRET"],
        "tenant_space_id": os.environ["COBROWSE_TENANT_SPACE_ID"],
    }
    for key, value in {**FILE.get("defaults", {}).get("client", {}), **scenario.get("client", {})}.items():
        if key == "hooks":
            recorder = HookRecorder(hook_header, value.get("throw", []))
            options["hooks"] = recorder.hooks()
            continue
        if key not in OPTIONS:
            raise Failed(f"a client option this runner does not implement: {key}")
        name, scale = OPTIONS[key]
        options[name] = None if value is None else (value / scale if scale != 1 else value)
    return options, recorder


def run_scenario(scenario: dict[str, Any]) -> None:
    unknown = set(scenario) - SCENARIO_KEYS
    if unknown:
        raise Failed(f"keys this runner does not implement: {sorted(unknown)}")
    control("DELETE", "/faults")
    log = control("GET", "/requests?since=0")
    since = log["last"]
    options, recorder = client_options(scenario, log["headers"]["hook"])
    run = Run(secret=options.get("app_secret"))
    saved: dict[str, Any] = {}
    uses_chaos = any("chaos" in step for step in scenario["steps"])
    with captured_log() as lines:
        try:
            try:
                run.client = CobrowseClient(**options)
            except Exception as error:
                run.texts += renderings(error)
                if "create" not in scenario:
                    raise
                check_error(error, scenario["create"]["error"], run.secret)
            if "create" in scenario and run.client is not None:
                raise Failed("creating the client should have failed")
            if run.client is not None:
                run_steps(scenario, run, saved)
        finally:
            if uses_chaos:
                control("DELETE", "/chaos")
    run.texts += lines
    if recorder is not None:
        run.texts += recorder.texts
    problems: list[str] = []
    try:
        check_log(scenario, control("GET", f"/requests?since={since}")["requests"], saved)
    except Failed as failure:
        problems.append(str(failure))
    verdict = ask_judge(scenario, since, options, run, recorder.calls if recorder is not None else None)
    for name in scenario.get("invariants", []):
        result = verdict.get(name, {"pass": False, "violations": ["the judge gave no verdict"]})
        RESULTS_BY_ID[f"{scenario['id']}/{name}"] = (
            {"status": "pass"}
            if result["pass"]
            else {"status": "fail", "reason": "; ".join(result["violations"])[:500]}
        )
    for name, result in verdict.items():
        if not result["pass"]:
            problems.append(f"{name}: {'; '.join(result['violations'])[:1000]}")
    if problems:
        raise Failed("\n".join(problems))


@pytest.fixture(scope="module", autouse=True)
def write_results():
    yield
    doc = {"language": LANGUAGE, "scenarios": hashlib.sha256(RAW).hexdigest(), "results": RESULTS_BY_ID}
    RESULTS.write_text(json.dumps(doc, indent=2) + "\n")


@pytest.mark.parametrize("scenario", FILE["scenarios"], ids=[s["id"] for s in FILE["scenarios"]])
def test_scenario(scenario: dict[str, Any]) -> None:
    rows = [scenario["id"], *(f"{scenario['id']}/{name}" for name in scenario.get("invariants", []))]
    reason = scenario.get("skip", {}).get(LANGUAGE)
    if reason:
        for row in rows:
            RESULTS_BY_ID[row] = {"status": "skipped", "reason": reason}
        pytest.skip(reason)
    try:
        run_scenario(scenario)
    except BaseException as error:
        for row in rows:
            RESULTS_BY_ID.setdefault(row, {"status": "fail", "reason": f"the scenario failed: {str(error)[:400]}"})
        RESULTS_BY_ID[scenario["id"]] = {"status": "fail", "reason": str(error)[:500]}
        raise
    RESULTS_BY_ID[scenario["id"]] = {"status": "pass"}
