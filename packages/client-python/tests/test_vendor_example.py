"""The vendor's own example, as its reference page shows it, through the generated Python client:
the request {"roomId":"10***04","workNo":"667","role":"replayer"} validates (the old roomId pattern
made pydantic refuse it), is sent to the mock server and answered with the room id echoed; the
vendor's example answer parses.
"""

import json

from cec_cobrowse_client import CoBrowsingApi, GetConnectionInfoRequest, GetConnectionInfoResponse, Role
from mock_server import co_browsing_client, get_token

VENDOR_REQUEST = '{"roomId":"10***04","workNo":"667","role":"replayer"}'
VENDOR_ANSWER = (
    '{"success":true,"data":{"roomId":"10***04","wssUrl":"wss://IP:PORT/ws/cobrowse/1",'
    '"wssUrlOut":"wss://IP:PORT/ws/cobrowse/1","connectParam":"****"},"errorCode":null,"errorReason":null}'
)


def test_the_vendors_example_request_is_built_sent_and_answered(settings: dict) -> None:
    example = GetConnectionInfoRequest(room_id="10***04", work_no="667", role=Role.REPLAYER)
    assert json.loads(example.to_json()) == json.loads(VENDOR_REQUEST)
    assert GetConnectionInfoRequest.from_json(VENDOR_REQUEST) == example

    with co_browsing_client(settings, get_token(settings)) as client:
        answer = CoBrowsingApi(client).get_connection_info(example)
    assert answer.success is True
    assert answer.data is not None
    assert answer.data.room_id == "10***04"
    assert (answer.data.wss_url or "").endswith("/ws/cobrowse/10***04")


def test_the_vendors_example_answer_parses() -> None:
    answer = GetConnectionInfoResponse.from_json(VENDOR_ANSWER)
    assert answer.success is True
    assert answer.data is not None and answer.data.room_id == "10***04" and answer.data.connect_param == "****"
    assert answer.error_code is None and answer.error_reason is None
