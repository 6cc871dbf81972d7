"""Scopes through the command, the API and the page (issue #12's done-when), inputs listing, industry B."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from spets.economy import services


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def api(client, alf):
    client.force_login(alf)
    return client


def test_command_gives_jobs_and_tax_by_recipient_with_scope_place_and_effect(stats_store):
    d = json.loads(
        _run(
            "footprint", "--area", "programme", "--industry", "B,C", "--scope", "services", "--format", "json"
        )
    )
    assert d["scope"] == "services" and d["scope_name"] == "Näringen och köpta tjänster"
    assert {"employment", "tax_sek", "by_place", "by_effect", "scopes", "by_region"} <= set(d)
    assert d["tax_sek"]["by_recipient"] and {"area", "elsewhere"} == set(d["by_place"])
    assert {"direct", "indirect", "induced"} == set(d["by_effect"])
    assert d["by_effect"]["induced"]["jobs"] == 0  # services never count household spending
    for part in ("area", "elsewhere"):
        assert {"jobs", "wages_sek", "value_added_sek", "tax_sek"} <= set(d["by_place"][part])
        assert {"municipal_income_tax", "employer_contributions", "total"} <= set(
            d["by_place"][part]["tax_sek"]
        )
    place_jobs = d["by_place"]["area"]["jobs"] + d["by_place"]["elsewhere"]["jobs"]
    assert place_jobs == pytest.approx(d["employment"]["total"], abs=0.2)
    s = d["scopes"]
    assert s["direct"]["jobs"] < s["services"]["jobs"] < s["type1"]["jobs"] < s["type2"]["jobs"]
    assert s["services"]["jobs"] == pytest.approx(d["employment"]["total"], abs=0.2)


def test_command_table_names_the_scope_and_the_split(stats_store):
    text = _run("footprint", "--scope", "type1", "--lang", "en")
    assert "Scope: Industry and all suppliers (type1)" in text
    assert "By place (SEK/year)" in text and "Elsewhere in Sweden" in text and "By effect" in text


def test_unknown_scope_is_refused_naming_the_choices(stats_store, api):
    with pytest.raises(CommandError):
        _run("footprint", "--scope", "all")
    r = api.get("/api/economy/footprint", {"scope": "all"})
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"][-1] == "scope" and "direct, services, type1, type2" in detail["msg"]


def test_api_takes_the_scope_and_answers_it(stats_store, api):
    d = api.get("/api/economy/footprint", {"scope": "direct"}).json()
    assert d["scope"] == "direct" and d["employment"]["indirect"] == 0
    assert d["by_place"]["elsewhere"]["jobs"] == 0
    default = api.get("/api/economy/footprint").json()
    assert default["scope"] == "services"
    r = api.post(
        "/api/economy/scenario",
        {"changes": [{"municipality": "2081", "sni": "24", "jobs": 300}], "scope": "type1"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["scope"] == "type1" and r.json()["employment"]["induced"] == 0


def test_page_switches_scope_and_names_it(stats_store, client, lisa):
    client.force_login(lisa)
    html = client.get("/footprint/", {"scope": "type2"}).content.decode()
    assert 'data-scope="type2" aria-current="true"' in html
    assert "(Leverantörer och hushållens konsumtion)" in html and 'data-testid="kf-induced"' in html
    assert "Type I" not in html and "Type II" not in html and "(rest of Sweden)" not in html
    assert 'hx-disabled-elt="find button[type=submit]"' in html and 'class="table-scroll"' in html


def test_pdf_explains_every_scope_in_swedish(stats_store, client, lisa):
    from pypdf import PdfReader

    client.force_login(lisa)
    pdf = client.get("/footprint/", {"format": "pdf"}).content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Vad siffrorna räknar: Näringen och köpta tjänster" in text
    for name in ("Direkt effekt", "Näringen och alla leverantörer", "Leverantörer och hushållens konsumtion"):
        assert name in text
    assert "kommunalekonomiska utjämningen" in text and "hypotetisk utbrytning" in text
    assert "(programme)" not in text and "31.42%" not in text and "350.0" not in text


def test_industry_b_gives_figures_never_a_silent_zero(stats_store):
    d = services.footprint("programme", "B")
    assert d["employment"]["direct"] > 0 and d["tax_sek"]["total"] > 0
    nothing = services.footprint("kommun:1760", "B")  # Storfors: whatever the data say, never silent
    assert nothing["employment"]["direct"] > 0 or nothing.get("zero_notice")


def test_inputs_lists_each_input_and_whether_it_is_real(stats_store):
    rows = json.loads(_run("footprint", "inputs", "--format", "json"))
    by_name = {r["input"]: r for r in rows}
    assert by_name["input-output table"]["status"] == "approximate"
    assert by_name["employment by municipality × industry"]["status"] == "synthetic"
    assert by_name["commuting"]["status"] == "estimate"
    assert all(r["status"] in {"real", "approximate", "synthetic", "estimate"} for r in rows)
    text = _run("footprint", "inputs")
    assert "input-output table" in text and "approximate" in text
