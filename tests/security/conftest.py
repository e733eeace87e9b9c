import pytest


@pytest.fixture(autouse=True)
def _pseudonym_key(settings) -> None:
    settings.MISSINGHUB_PSEUDONYM_KEY = "matrix-test-pseudonym-key-0123456789abcdef"
