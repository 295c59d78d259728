# A consumer of the wheels: both sides of one room against the mock, and a typed error for a
# wrong secret that does not carry the secret. Run by release/bin/consumers.mjs under
# `cobrowse-mock exec` in a fresh venv holding only the wheels and their dependencies: without
# OpenTelemetry (the `otel` extra is not installed), so this also shows the SDK works without it.
import importlib.util
import sys
from importlib.metadata import version

import cec_cobrowse
import cec_cobrowse_client
from cec_cobrowse import AuthenticationError, Hooks, from_env

expected = sys.argv[1]
assert version("cec-cobrowse") == expected, f"cec-cobrowse is {version('cec-cobrowse')}, not {expected}"
assert version("cec_cobrowse_client") == expected, f"cec_cobrowse_client is {version('cec_cobrowse_client')}"
assert cec_cobrowse_client.__version__ == expected, cec_cobrowse_client.__version__
assert "site-packages" in cec_cobrowse.__file__, f"cec_cobrowse imported from {cec_cobrowse.__file__}, not the venv"

assert importlib.util.find_spec("opentelemetry") is None, "OpenTelemetry is installed: the consumer must run without it"
assert cec_cobrowse.__version__ == expected, cec_cobrowse.__version__

statuses = []
client = from_env(
    user_agent_suffix="consumer/1.0", hooks=Hooks(after_response=lambda event: statuses.append(event.status))
)
assert client.user_agent.startswith(f"cec-cobrowse-python/{expected} ") and client.user_agent.endswith(
    " consumer/1.0"
), client.user_agent
customer = client.get_connection_info("recorder", user_id="customer-42")
agent = client.get_connection_info("replayer", customer.data.room_id, work_no="667")
assert agent.data.room_id == customer.data.room_id, (customer.data.room_id, agent.data.room_id)
assert agent.data.connect_param != customer.data.connect_param
assert statuses == [200, 200, 200], statuses  # the token request, then both calls: the hooks ran
assert "opentelemetry" not in sys.modules

secret = "consumer-wrong-secret"
try:
    from_env(app_secret=secret).get_connection_info("recorder")
    raise AssertionError("a wrong secret got a connection")
except AuthenticationError as error:
    assert error.status == 401, error.status
    assert secret not in f"{error} {error!r}", "the secret is in the error"

print(
    f"python: cec-cobrowse {expected} from the wheel without OpenTelemetry, room {agent.data.room_id}, 401 as AuthenticationError"
)
