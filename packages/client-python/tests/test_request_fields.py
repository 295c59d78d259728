"""get_connection_info(role, room_id=None, **fields): the keyword fields are the generated
GetConnectionInfoRequest's, read from the model (a property added to the spec is accepted, checked
and sent after `pnpm generate` with no edit in the layer); an unknown keyword is refused, naming it
and the accepted names; nothing is dropped silently. Against the mock (its request log notes the
names of each body's fields)."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import textwrap

import pytest
from cec_cobrowse import CobrowseClient, ValidationError, from_env
from cec_cobrowse._request import KEYWORD_FIELDS
from cec_cobrowse_client import GetConnectionInfoRequest
from mock_server import RequestLog, control

OPERATION = "getConnectionInfo"


@pytest.fixture(autouse=True)
def no_faults() -> None:
    control("DELETE", "/faults")


def test_the_keyword_fields_are_the_generated_models_other_fields() -> None:
    assert set(KEYWORD_FIELDS) == set(GetConnectionInfoRequest.model_fields) - {"role", "room_id"}
    assert KEYWORD_FIELDS == ("user_id", "user_name", "work_no")  # today's spec, in its order


def test_no_field_of_the_model_collides_with_a_per_call_option() -> None:
    """A spec property whose Python name were `timeout` or `max_retries` would be taken as the
    call's option; this fails first, naming it (rename the property, or the option)."""
    parameters = inspect.signature(CobrowseClient.get_connection_info).parameters
    options = {name for name, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert options == {"timeout", "max_retries"}
    assert not options & set(GetConnectionInfoRequest.model_fields), "a request field shadows a per-call option"


def test_every_field_given_is_sent_and_none_leaves_one_out() -> None:
    client = from_env()
    log = RequestLog()
    client.get_connection_info("recorder", "room-fields", user_id="customer-42", user_name="Alex Doe", work_no="667")
    client.get_connection_info("replayer", "room-fields", user_id="agent-7", user_name=None)
    first, second = log.records(OPERATION)
    assert sorted(first["bodyFields"]) == ["role", "roomId", "userId", "userName", "workNo"]
    assert sorted(second["bodyFields"]) == ["role", "roomId", "userId"]
    assert first["userId"] == "customer-42" and second["roomId"] == "room-fields"


def test_an_unknown_keyword_is_refused_naming_it_and_the_accepted_names() -> None:
    client = from_env()
    log = RequestLog()
    with pytest.raises(ValidationError) as caught:
        client.get_connection_info("recorder", locale="en-GB")
    assert caught.value.field == "locale"
    assert str(caught.value) == (
        "locale: not a field of the request (the keyword fields are the generated "
        "GetConnectionInfoRequest's: user_id, user_name, work_no)"
    )
    with pytest.raises(ValidationError, match=r"^userId: not a field of the request; did you mean user_id\?"):
        client.get_connection_info("recorder", userId="customer-42")  # the spec's name, not Python's
    with pytest.raises(ValidationError, match=r"^work_number: not a field of the request; did you mean work_no\?"):
        client.get_connection_info("replayer", "room-1", work_number="667")
    assert log.records() == []  # nothing was sent, not even a token request


def test_a_value_the_spec_refuses_is_named_by_its_python_name() -> None:
    client = from_env()
    with pytest.raises(ValidationError, match=r"^user_name: String should have at most 256 characters"):
        client.get_connection_info("recorder", user_name="x" * 257)
    with pytest.raises(ValidationError, match=r"^work_no: Input should be a valid string"):
        client.get_connection_info("replayer", "room-1", work_no=667)


def test_a_field_added_to_the_generated_model_is_taken_and_sent_with_no_edit() -> None:
    """What `pnpm generate` does for a new optional property (`locale`), done to the model in a
    process of its own: the layer, unchanged, takes `locale=` and sends it. The mock, on today's
    spec (additionalProperties: false), refuses the body naming the field: it arrived."""
    program = textwrap.dedent(
        """
        from typing import Optional
        from pydantic import Field
        import cec_cobrowse_client

        class Regenerated(cec_cobrowse_client.GetConnectionInfoRequest):
            locale: Optional[str] = Field(default=None, min_length=2, alias="locale")

        cec_cobrowse_client.GetConnectionInfoRequest = Regenerated
        from cec_cobrowse import BadRequestError, ValidationError, from_env
        from cec_cobrowse._request import KEYWORD_FIELDS

        assert KEYWORD_FIELDS[-1] == "locale", KEYWORD_FIELDS
        try:
            from_env().get_connection_info("recorder", locale="e")
        except ValidationError as e:
            print("refused:", e)
        try:
            from_env().get_connection_info("recorder", "room-locale", locale="en-GB")
        except BadRequestError as e:
            print("sent:", [d.get("name") or d.get("field") or d for d in e.details])
        """
    )
    log = RequestLog()
    done = subprocess.run(
        [sys.executable, "-c", program], check=False, capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert done.returncode == 0, done.stderr
    assert "refused: locale: String should have at least 2 characters" in done.stdout
    assert "sent:" in done.stdout and "locale" in done.stdout.split("sent:")[1]
    sent = log.records(OPERATION)
    assert len(sent) == 1 and "locale" in sent[0]["bodyFields"]
