"""Fixtures shared by the tests: the mock server's settings."""

import pytest
from mock_server import settings_from_env


@pytest.fixture(scope="session")
def settings() -> dict:
    return settings_from_env()
