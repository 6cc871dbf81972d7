import pytest

from spets.assessment.frameworks import load_framework


@pytest.fixture
def dma():
    return load_framework("dma-sme-v1")


@pytest.fixture
def dma_alt():
    return load_framework("dma-sme-v1", method="1.0-alt")


@pytest.fixture
def profile():
    return load_framework("spets-profile-v1")
