import pytest


@pytest.fixture(autouse=True)
def _pseudonym_key(settings) -> None:
    settings.MISSINGHUB_PSEUDONYM_KEY = "matrix-test-pseudonym-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def _private_folder(settings, tmp_path) -> None:
    """Philomena photos are stored outside the repository, in a folder of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
