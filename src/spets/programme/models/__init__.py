"""Programme follow-up models, one module per part (each part's owner adds one import line here)."""

from spets.programme.models.setup import (  # noqa: F401
    BudgetLine,
    BudgetLineKind,
    Participant,
    PeriodKind,
    Project,
    ReportingPeriod,
    SupportType,
    SupportTypeMapping,
    Target,
)
