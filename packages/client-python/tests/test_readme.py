"""Every ```python block of the package README runs, each on its own, against the mock (whose
COBROWSE_* settings ``cobrowse-mock exec`` set)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def test_the_readme_has_python_blocks() -> None:
    assert len(BLOCKS) >= 8


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block-{i + 1}" for i in range(len(BLOCKS))])
def test_a_readme_block_runs(block: str, settings: dict) -> None:
    logger = logging.getLogger("cec_cobrowse")
    level = logger.level
    try:
        exec(compile(block, "README.md", "exec"), {"__name__": "__readme__"})  # noqa: S102
    finally:
        logger.setLevel(level)  # a block may turn the layer's logging on
