"""What the columns of an import file mean: the register fields an import can fill (targets), the header
names each is known by in Swedish and English, and a suggested mapping from a file's header row."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    entity: str  # company | contact
    aliases: tuple[str, ...]


TARGETS: tuple[Target, ...] = (
    Target(
        "orgnr",
        _("Organisation number"),
        "company",
        (
            "organisationsnummer",
            "orgnr",
            "org nr",
            "org nummer",
            "organisationsnr",
            "orgno",
            "org no",
            "organisation number",
            "organization number",
            "corporate identity number",
            "company number",
            "registration number",
            "corporate id",
        ),
    ),
    Target(
        "name",
        _("Company name"),
        "company",
        (
            "företagsnamn",
            "företag",
            "namn",
            "bolagsnamn",
            "bolag",
            "firma",
            "firmanamn",
            "company",
            "company name",
            "name",
            "organisation",
            "organization",
        ),
    ),
    Target(
        "legal_form",
        _("Legal form"),
        "company",
        ("juridisk form", "bolagsform", "företagsform", "legal form", "company type"),
    ),
    Target(
        "municipality",
        _("Municipality (name or code)"),
        "company",
        (
            "kommun",
            "kommunnamn",
            "kommunkod",
            "säte",
            "säteskommun",
            "ort",
            "municipality",
            "municipality code",
            "kommun säte",
        ),
    ),
    Target(
        "sni",
        _("SNI 2007 code(s)"),
        "company",
        (
            "sni",
            "sni kod",
            "sni kod 2007",
            "sni2007",
            "sni 2007",
            "branschkod",
            "bransch",
            "nace",
            "industry code",
            "sni code",
            "sni codes",
        ),
    ),
    Target(
        "employees",
        _("Employees"),
        "company",
        (
            "anställda",
            "antal anställda",
            "anst",
            "antal anst",
            "employees",
            "staff",
            "headcount",
            "number of employees",
            "staff headcount",
        ),
    ),
    Target(
        "turnover_sek",
        _("Net turnover (SEK)"),
        "company",
        (
            "omsättning",
            "nettoomsättning",
            "omsättning sek",
            "omsättning kr",
            "turnover",
            "net turnover",
            "revenue",
            "turnover sek",
        ),
    ),
    Target(
        "balance_sheet_sek",
        _("Balance sheet total (SEK)"),
        "company",
        ("balansomslutning", "summa tillgångar", "balance sheet", "balance sheet total", "total assets"),
    ),
    Target(
        "website",
        _("Website"),
        "company",
        ("webbplats", "hemsida", "webb", "www", "webbadress", "website", "web", "url", "homepage"),
    ),
    Target("status", _("Status (active/ceased)"), "company", ("status", "företagsstatus")),
    Target(
        "contact_name",
        _("Contact: name"),
        "contact",
        ("kontaktperson", "kontakt", "kontaktnamn", "contact", "contact name", "contact person"),
    ),
    Target(
        "contact_first_name", _("Contact: first name"), "contact", ("förnamn", "first name", "given name")
    ),
    Target(
        "contact_last_name",
        _("Contact: last name"),
        "contact",
        ("efternamn", "last name", "surname", "family name"),
    ),
    Target(
        "contact_title",
        _("Contact: role or title"),
        "contact",
        ("roll", "titel", "befattning", "role", "title", "position", "job title"),
    ),
    Target(
        "contact_email",
        _("Contact: e-mail"),
        "contact",
        (
            "e post",
            "epost",
            "e postadress",
            "epostadress",
            "mejl",
            "mail",
            "email",
            "e mail",
            "email address",
            "e mail address",
        ),
    ),
    Target(
        "contact_phone",
        _("Contact: phone"),
        "contact",
        ("telefon", "tel", "telefonnummer", "mobil", "mobilnummer", "phone", "telephone", "mobile"),
    ),
)
TARGET_KEYS = {t.key: t for t in TARGETS}


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    return " ".join(re.sub(r"[^\wåäö]+", " ", text).split())


_ALIASES = {normalise_header(a): t.key for t in TARGETS for a in t.aliases}


def suggest_mapping(headers: list[str]) -> dict[str, int]:
    """target key → column index, from the header names (Swedish or English); each target once."""
    mapping: dict[str, int] = {}
    fuzzy: list[tuple[int, str]] = []
    for index, header in enumerate(headers):
        key = _ALIASES.get(normalise_header(header))
        if key and key not in mapping:
            mapping[key] = index
        elif not key:
            fuzzy.append((index, normalise_header(header)))
    for index, text in fuzzy:  # close spellings ("Org.nummer", "Antal anst.") after the exact ones
        close = difflib.get_close_matches(text, list(_ALIASES), n=1, cutoff=0.85)
        if close and _ALIASES[close[0]] not in mapping:
            mapping[_ALIASES[close[0]]] = index
    return mapping
