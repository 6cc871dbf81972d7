import pytest

from spets.assessment.frameworks import load_framework
from tests.factories import catalogue, make_assessment, peer_companies


@pytest.fixture
def dma():
    return load_framework("dma-sme-v1")


@pytest.fixture
def dma_alt():
    return load_framework("dma-sme-v1", method="1.0-alt")


@pytest.fixture
def profile():
    return load_framework("spets-profile-v1")


# --- Django layer fixtures (rows from tests/factories.py) -------------------------------------------


@pytest.fixture
def assessment(company, anna):
    """A DMA T0 interview of Testbolaget, started by anna (IUC Dalarna)."""
    return make_assessment(company, by=anna, respondent_name="Vera VD")


@pytest.fixture
def peers(db, anna):
    """Six engineering companies (SNI section C, small, Dalarna) with completed DMA assessments."""
    return peer_companies(anna, 6)


@pytest.fixture
def offers(db):
    return catalogue()
