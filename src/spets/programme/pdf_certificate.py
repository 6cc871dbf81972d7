"""The de minimis certificate (intyg om stöd av mindre betydelse) to the company, in Swedish or English: the
aid's amounts in SEK and EUR, the dates, the organisations that gave it, the regulation and its articles,
and what the company should keep the certificate for. Rendered in the active language (the view chooses
it); fpdf2 through `spets.core.pdf`."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies.models import Company
from spets.core.i18n import active_language
from spets.core.pdf import Document
from spets.core.templatetags.spets import num
from spets.programme import deminimis as rules
from spets.programme.models import AidGrant
from spets.programme.services.deminimis import value_text


def regulation_text(regulation: str, lang: str) -> str:
    rule = rules.RULES[regulation]
    if lang == "en":
        return f"{rule.title_en} ({rule.journal_en})"
    return f"{rule.title_sv} ({rule.journal_sv})"


def render_certificate(
    company: Company, grants: Sequence[AidGrant], user, lang: str | None = None, synthetic: bool = False
) -> bytes:
    """The certificate for `grants` (the company's own aid rows, oldest first)."""
    lang = lang or active_language()
    doc = Document(footer_label=_("De minimis certificate") + f" · {company.name}")
    doc.add_page()
    doc.heading(_("Certificate of de minimis aid"), size=15)
    doc.paragraph(_("(aid of minor importance, Regulation (EU) 2023/2831)"), size=9)
    if synthetic:
        doc.paragraph(
            _("Synthetic demo data: this certificate is an example, not a real decision."), bold=True
        )
    organisations = sorted({g.organisation.name for g in grants})
    issuer = user.organisation.name if getattr(user, "organisation", None) else ", ".join(organisations)
    doc.wrapped_table(
        [
            [_("Company"), company.name],
            [_("Organisation number"), f"{company.orgnr[:6]}-{company.orgnr[6:]}"],
            [_("Issued by"), issuer],
            [_("Support given by"), ", ".join(organisations)],
            [_("Date of issue"), timezone.localdate().isoformat()],
        ],
        widths=[50, 130],
        align="L",
    )
    total_sek = sum((g.value_sek for g in grants), Decimal(0))
    total_eur = sum((g.value_eur for g in grants), Decimal(0))
    doc.paragraph(
        _(
            "The company has received support (advice, workshops or other services free of charge) whose "
            "value is de minimis aid: %(sek)s SEK, that is %(eur)s EUR, granted as listed below."
        )
        % {"sek": num(total_sek, 2), "eur": num(total_eur, 2)}
    )
    doc.heading(_("Aid granted"), size=11)
    doc.wrapped_table(
        [
            [
                g.granted_on.isoformat(),
                g.organisation.name,
                g.activity.get_type_display(),
                value_text(g),
                num(g.value_sek, 2),
                num(g.eur_rate, 4),
                num(g.value_eur, 2),
                g.regulation,
            ]
            for g in grants
        ]
        + [["", _("Total"), "", "", num(total_sek, 2), "", num(total_eur, 2), ""]],
        widths=[19, 26, 26, 38, 20, 14, 18, 19],
        header=[
            _("Date granted"),
            _("Organisation"),
            _("Support"),
            _("Value set as"),
            _("SEK"),
            _("SEK/EUR"),
            _("EUR"),
            "(EU)",
        ],
        align=["L", "L", "L", "L", "R", "R", "R", "L"],
    )
    doc.heading(_("Legal basis"), size=11)
    for regulation in sorted({g.regulation for g in grants}, reverse=True):
        rule = rules.RULES[regulation]
        doc.paragraph(
            _(
                "The aid is de minimis aid under %(regulation)s. Under its Article 3(2) the de minimis aid "
                "granted to a single undertaking may not exceed EUR %(ceiling)s %(period)s. The aid is "
                "granted on the date of the support (Article 3(4): when the right to the aid is conferred)."
            )
            % {
                "regulation": regulation_text(regulation, lang),
                "ceiling": num(rule.ceiling_eur, 0),
                "period": _("over any period of three years")
                if rule.rolling
                else _("over any period of three fiscal years"),
            }
        )
    doc.paragraph(
        _(
            "Values in SEK are converted to EUR at the exchange rate of the month the aid was granted "
            "(SEK per EUR, column SEK/EUR). A single undertaking is the company together with the companies "
            "it controls or is controlled by (Article 2(2)); all their de minimis aid counts together."
        )
    )
    doc.heading(_("Keep this certificate"), size=11)
    doc.paragraph(
        _(
            "Keep this certificate for 10 years. When the company applies for other de minimis aid, it "
            "must state this aid. The programme keeps records of the aid for 10 years from the date it "
            "was granted (Article 6(4))."
        )
    )
    doc.ln(8)
    doc.paragraph(_("Issued by: %(name)s, %(org)s") % {"name": _signer(user), "org": issuer})
    return doc.to_bytes()


def _signer(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""
