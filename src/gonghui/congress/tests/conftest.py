import pytest

from .factories import build_congress


@pytest.fixture
def congress(tree):
    return build_congress(tree.union_a)
