"""The progress report of a period: its figures document, its free-text sections and what the viewer may do
with it. The page, the PDF and `spets programme report` all start here (then `spets.programme.presenters`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from spets.core.scoping import unscoped
from spets.programme import permissions as perm
from spets.programme.models import Project, ReportingPeriod
from spets.programme.services import indicators as indicator_services
from spets.programme.services import periods as period_services
from spets.programme.services.setup import current_project
from spets.programme.snapshot import Figures


@dataclass
class Report:
    period: ReportingPeriod
    figures: Figures
    sections: list[dict]
    can_drill: bool = False  # may open the companies behind a figure
    can_manage: bool = False  # may close the period and write the sections
    can_export: bool = False  # may download the participant list


def report(user, period_id: int) -> Report:
    period, figs = indicator_services.figures(user, period_id)
    return Report(
        period,
        figs,
        period_services.sections(period),
        can_drill=perm.can_see_programme(user),
        can_manage=perm.can_manage_programme(user),
        can_export=perm.can_export_participants(user),
    )


def report_by_code(period_code: str, project_code: str | None = None) -> Report:
    """For the command line (system work, no user): the period of the current (or named) project."""
    project = Project.objects.get(code=project_code) if project_code else current_project()
    try:
        period = ReportingPeriod.objects.select_related("project", "closed_by").get(
            project=project, code=period_code
        )
    except ReportingPeriod.DoesNotExist:
        codes = ", ".join(ReportingPeriod.objects.filter(project=project).values_list("code", flat=True))
        raise ReportingPeriod.DoesNotExist(
            _("no period %(code)s in %(project)s (periods: %(codes)s)")
            % {"code": period_code, "project": project.code, "codes": codes or "none"}
        ) from None
    with unscoped():
        doc = indicator_services.document(period)
    return Report(period, Figures(doc), period_services.sections(period))
