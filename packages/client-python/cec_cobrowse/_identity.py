"""What every request says about the SDK (the spec's x-cobrowse-client-headers, generated): the
identification header, ``cec-cobrowse-python/<SDK version> <runtime>/<its version> <OS>`` and a
caller's own product tokens after it, and the attempt header's value."""

from __future__ import annotations

import platform
import re
from functools import lru_cache
from importlib import metadata
from typing import Any

from . import generated as spec
from ._constants import DISTRIBUTION, MAX_USER_AGENT_SUFFIX
from .errors import ConfigurationError

LANGUAGE = "python"
#: What a suffix may hold: printable ASCII product tokens and comments, separated by spaces.
_SUFFIX = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")


@lru_cache(maxsize=1)
def sdk_version() -> str:
    """The SDK version from the installed package's metadata: what the release's version step
    wrote into pyproject.toml (release/lib/version.mjs). ``0.0.0-unknown`` when the package is
    imported without being installed (a source tree on ``sys.path``)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0.0.0-unknown"


def _token(value: str) -> str:
    return re.sub(r"\s+", "-", value.strip()) or "unknown"


@lru_cache(maxsize=1)
def platform_tokens() -> str:
    """The runtime and the OS: ``CPython/3.11.7 Linux``."""
    return f"{_token(platform.python_implementation())}/{_token(platform.python_version())} {_token(platform.system())}"


def check_suffix(suffix: Any) -> str | None:
    """The caller's product tokens (``acme-contact-center/4.2``), or a :class:`ConfigurationError`."""
    if suffix is None:
        return None
    if not (isinstance(suffix, str) and _SUFFIX.fullmatch(suffix) and len(suffix) <= MAX_USER_AGENT_SUFFIX):
        raise ConfigurationError(
            "user_agent_suffix",
            f"must be product tokens such as 'acme-contact-center/4.2': printable ASCII separated by single spaces, up to {MAX_USER_AGENT_SUFFIX} characters",
        )
    return suffix


def user_agent(suffix: str | None = None) -> str:
    """The identification header's value."""
    agent = f"{spec.USER_AGENT_PRODUCT_PREFIX}{LANGUAGE}/{sdk_version()} {platform_tokens()}"
    return f"{agent} {suffix}" if suffix else agent
