# A consumer of the wheels: both sides of one room against the mock, and a typed error for a
# wrong secret that does not carry the secret. Run by release/bin/consumers.mjs under
# `cobrowse-mock exec` in a fresh venv holding only the wheels and their dependencies.
import sys
from importlib.metadata import version

import cec_cobrowse
import cec_cobrowse_client
from cec_cobrowse import AuthenticationError, from_env

expected = sys.argv[1]
assert version("cec-cobrowse") == expected, f"cec-cobrowse is {version('cec-cobrowse')}, not {expected}"
assert version("cec_cobrowse_client") == expected, f"cec_cobrowse_client is {version('cec_cobrowse_client')}"
assert cec_cobrowse_client.__version__ == expected, cec_cobrowse_client.__version__
assert "site-packages" in cec_cobrowse.__file__, f"cec_cobrowse imported from {cec_cobrowse.__file__}, not the venv"

client = from_env()
customer = client.get_connection_info("recorder", user_id="customer-42")
agent = client.get_connection_info("replayer", customer.data.room_id, work_no="667")
assert agent.data.room_id == customer.data.room_id, (customer.data.room_id, agent.data.room_id)
assert agent.data.connect_param != customer.data.connect_param

secret = "consumer-wrong-secret"
try:
    from_env(app_secret=secret).get_connection_info("recorder")
    raise AssertionError("a wrong secret got a connection")
except AuthenticationError as error:
    assert error.status == 401, error.status
    assert secret not in f"{error} {error!r}", "the secret is in the error"

print(f"python: cec-cobrowse {expected} from the wheel, room {agent.data.room_id}, 401 as AuthenticationError")
