"""Programme follow-up models, one module per part (each part's owner adds one import line here)."""

from spets.programme.models.cache import FiguresCache  # noqa: F401
from spets.programme.models.deminimis import (  # noqa: F401
    AidDeclaration,
    AidDeclarationEntry,
    AidGrant,
    CeilingDecision,
    ExchangeRate,
)
from spets.programme.models.figures import CompanyYearFigure  # noqa: F401
from spets.programme.models.indicators import (  # noqa: F401
    CompanyOutcome,
    OutcomeKind,
    ReportSection,
    SectionKey,
)
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
from spets.programme.models.time import (  # noqa: F401
    Correction,
    CorrectionKind,
    Expense,
    ExpenseKind,
    MonthApproval,
    Salary,
    TimeEntry,
    TimeKind,
)
