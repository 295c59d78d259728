"""The layer's logger ("cec_cobrowse"), its level from ``COBROWSE_LOG``, and the redacted lines.

``COBROWSE_LOG=debug|info|warn|off`` sets the logger's level when ``cec_cobrowse`` is imported;
unset, the level is the application's (the logger inherits the root's, WARNING by default). The
lines go to the application's handlers as any library's do; only when the root logger has no
handler at all (the application configured no logging) does a fallback handler print them to
stderr, so that ``COBROWSE_LOG=debug python app.py`` shows them, and never twice once the
application configures logging. What each level shows:

- DEBUG: every attempt (operation, attempt number, status, request id, duration), the token cache;
- INFO: each token issued, each retry with its wait, each refused token and the replay;
- WARNING: a hook that raised (ignored), a header a hook may not set, an unreadable COBROWSE_LOG.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from ._constants import LOG_ENV, LOGGER_NAME

logger = logging.getLogger(LOGGER_NAME)

#: Above CRITICAL: nothing the layer writes passes.
OFF = logging.CRITICAL + 10
#: COBROWSE_LOG's values (any case) and the levels they set.
LEVELS: Mapping[str, int] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "warning": logging.WARNING,
    "off": OFF,
}


class _Fallback(logging.StreamHandler):  # type: ignore[type-arg]
    """Prints the layer's lines to stderr only while the root logger has no handler (the
    application configured no logging): once it has one, the lines go there, and only there."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if logger.propagate and logging.getLogger().handlers:
            return
        super().emit(record)


def configure_from_env(env: Mapping[str, str] | None = None) -> int | None:
    """Sets the logger's level from COBROWSE_LOG (when set), and installs the fallback handler
    once. Returns the level set, or None when the variable is unset or unreadable."""
    value = (os.environ if env is None else env).get(LOG_ENV)
    if value is None or not value.strip():
        return None
    level = LEVELS.get(value.strip().lower())
    if level is None:
        logger.warning("%s=%r is not one of debug, info, warn, off: ignored", LOG_ENV, value[:40])
        return None
    logger.setLevel(level)
    if level != OFF and not any(isinstance(h, _Fallback) for h in logger.handlers):
        logger.addHandler(_Fallback())
    return level


class Log:
    """The layer's lines, each scrubbed once formatted (errors are scrubbed already; this is the
    net for everything else): ``scrub`` is the client's redactor."""

    def __init__(self, scrub: Callable[[str], str | None]) -> None:
        self._scrub = scrub

    def enabled(self, level: int) -> bool:
        return logger.isEnabledFor(level)

    def log(self, level: int, message: str, *args: Any) -> None:
        if logger.isEnabledFor(level):
            logger.log(level, "%s", self._scrub(message % args), stacklevel=3)

    def debug(self, message: str, *args: Any) -> None:
        self.log(logging.DEBUG, message, *args)

    def info(self, message: str, *args: Any) -> None:
        self.log(logging.INFO, message, *args)

    def warning(self, message: str, *args: Any) -> None:
        self.log(logging.WARNING, message, *args)
