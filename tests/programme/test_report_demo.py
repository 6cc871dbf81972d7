"""The demo: the synthetic project with its periods (2025H2 and earlier closed by the demo programme
manager), and a half-year report that works on the demo register (one test: the demo is slow to load)."""

from __future__ import annotations

import io
import json

from django.core.management import call_command
from django.utils import timezone

from spets.companies.models import Activity
from spets.core.scoping import unscoped
from spets.programme.models import CompanyOutcome, Project, ReportingPeriod


def test_the_demo_project_and_its_reports(demo_data, client):
    project = Project.objects.get(code="nmsv-omstallning")
    assert project.synthetic and project.participants.count() == 8
    assert project.participants.get(lead=True).organisation.slug == "iuc-gavleborg"
    periods = {p.code: p for p in ReportingPeriod.objects.filter(project=project)}
    assert set(periods) == {"2024H1", "2024H2", "2025H1", "2025H2", "2026H1", "2026H2", "final"}
    today = timezone.localdate()
    for code in ("2024H1", "2024H2", "2025H1", "2025H2"):
        if periods[code].ends_on < today:
            assert periods[code].is_closed and periods[code].closed_by.username == "programledare"
    assert not periods["2026H2"].is_closed and not periods["final"].is_closed
    with unscoped():
        assert CompanyOutcome.objects.filter(synthetic=True).count() == 24
        outside = Activity.objects.exclude(date__range=(project.starts_on, project.ends_on)).count()
    assert outside == 0  # the register demo's activities lie within the project (today - 540 days .. today)

    client.login(username="programledare", password="spets-demo")
    current = next(p for p in periods.values() if p.kind == "half_year" and p.starts_on <= today <= p.ends_on)
    html = client.get(f"/programme/periods/{current.pk}/").content.decode()
    out = io.StringIO()
    call_command("programme", "report", "--period", current.code, "--format", "json", stdout=out)
    rows = {
        (r["indicator"], r["dimension"], r["key"]): r["value"] for r in json.loads(out.getvalue())["figures"]
    }
    assert rows[("CO01", "total", "")] > 50
    assert f'data-figure="CO01|total|" data-value="{rows[("CO01", "total", "")]}"' in html
    assert "Syntetisk" in html or "synthetic" in html.lower()
