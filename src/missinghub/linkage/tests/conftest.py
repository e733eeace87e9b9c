from collections.abc import Iterator

import pytest

from missinghub.linkage.intake import forget_index


@pytest.fixture(autouse=True)
def _fresh_intake_index() -> Iterator[None]:
    """Each test builds its own index: ids are reused after a rolled-back test."""
    forget_index()
    yield
    forget_index()
