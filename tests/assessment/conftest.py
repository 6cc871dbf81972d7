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


# --- Django layer fixtures ---------------------------------------------------------------------------


@pytest.fixture
def assessment(company, anna):
    """A DMA T0 interview of Testbolaget, started by anna (IUC Dalarna)."""
    from spets.assessment import services

    return services.create_assessment(anna, company.pk, "dma-sme-v1", "interview", respondent_name="Vera VD")


@pytest.fixture
def peers(db, anna):
    """Six engineering companies (SNI section C, small, Dalarna) with completed DMA assessments."""
    from tests.assessment.factories import peer_companies

    return peer_companies(anna, 6)


@pytest.fixture
def offers(db):
    from tests.assessment.factories import catalogue

    return catalogue()
