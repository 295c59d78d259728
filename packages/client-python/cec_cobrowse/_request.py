"""The getConnectionInfo request, built from the generated model: the fields it takes are the
generated ``GetConnectionInfoRequest``'s, by their Python names, read from the model itself, so a
property added to the spec is accepted, checked and sent after ``pnpm generate`` with no edit
here. An unknown keyword is refused, never dropped."""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Mapping
from typing import Any

import pydantic
from cec_cobrowse_client import GetConnectionInfoRequest, Role

from . import generated as spec
from .errors import ValidationError

#: The two sides of a room, as the spec's generated ``Role`` enum lists them.
ROLES = tuple(r.value for r in Role)

_MODEL_FIELDS = GetConnectionInfoRequest.model_fields


def _python_name(json_name: str) -> str:
    """The model's Python name of a body property (the generated model maps each by its alias)."""
    for name, info in _MODEL_FIELDS.items():
        if (info.alias or name) == json_name:
            return name
    raise LookupError(
        f"the generated GetConnectionInfoRequest has no field for {json_name!r}: regenerate (pnpm generate)"
    )


#: The model's fields the call takes in its own positional parameters (role, room_id).
ROLE_NAME = _python_name(spec.ROLE_FIELD)
ROOM_ID_NAME = _python_name(spec.ROOM_ID_FIELD)
#: The keyword fields: every other field of the generated model, in the spec's order.
KEYWORD_FIELDS: tuple[str, ...] = tuple(n for n in _MODEL_FIELDS if n not in (ROLE_NAME, ROOM_ID_NAME))
#: JSON name → Python name, for the hint when a caller writes the spec's name (``userId=``).
_BY_ALIAS: Mapping[str, str] = {
    info.alias: name for name, info in _MODEL_FIELDS.items() if info.alias and info.alias != name
}


def _unknown(name: str) -> ValidationError:
    hint = _BY_ALIAS.get(name) or next(iter(difflib.get_close_matches(name, KEYWORD_FIELDS, n=1)), None)
    accepted = ", ".join(KEYWORD_FIELDS) or "none"
    return ValidationError(
        name,
        f"not a field of the request{f'; did you mean {hint}?' if hint else ''} "
        f"(the keyword fields are the generated GetConnectionInfoRequest's: {accepted})",
    )


def connection_request(role: Any, room_id: str | None, fields: Mapping[str, Any]) -> GetConnectionInfoRequest:
    """The request, checked against the spec's schema (the generated model's validators): a
    :class:`ValidationError` names the first field it refuses. Without ``room_id`` it names a new
    room (a UUID), so a retry after a lost answer asks for that room instead of a second one."""
    for name in fields:
        if name not in KEYWORD_FIELDS:
            raise _unknown(name)
    try:
        role = Role(role)  # a Role member is returned as it is
    except ValueError:
        raise ValidationError(
            ROLE_NAME, f"must be one of {', '.join(repr(r) for r in ROLES)}, got {str(role)[:40]!r}"
        ) from None
    values: dict[str, Any] = {name: value for name, value in fields.items() if value is not None}
    values[ROLE_NAME] = role
    values[ROOM_ID_NAME] = room_id if room_id is not None else str(uuid.uuid4())
    try:
        return GetConnectionInfoRequest(**values)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "request"
        raise ValidationError(field, first.get("msg", "is invalid")) from None
