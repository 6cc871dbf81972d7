"""Swedish organisationsnummer: validation with an error that names the broken rule. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.se import orgnr as stdnum_orgnr

# First digit of a legal entity's number → the kind of entity (Bolagsverket / SCB's group numbers).
LEGAL_GROUPS = {
    "1": "dödsbon",
    "2": "stat, region, kommun, församling",
    "3": "utländska företag",
    "5": "aktiebolag",
    "6": "enkla bolag",
    "7": "ekonomiska föreningar, bostadsrättsföreningar",
    "8": "ideella föreningar och stiftelser",
    "9": "handelsbolag, kommanditbolag",
}


class OrgnrError(ValueError):
    """The number breaks a rule; the (English) message says which.

    `code` names the rule and `params` hold the values in the message, so a user interface can word it in
    its own language (spets.companies.texts.orgnr_message does so for the Django pages). Codes:
    not_digits, century, length, check_digit, month, invalid.
    """

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Orgnr:
    number: str  # 10 digits, no dash
    personal: bool  # a sole trader's personal identity number: personal data under GDPR

    @property
    def formatted(self) -> str:
        return f"{self.number[:6]}-{self.number[6:]}"


def parse(value: str) -> Orgnr:
    """Validate and normalise an organisationsnummer (NNNNNN-NNNN, or a 12-digit form with 16/19/20)."""
    digits = "".join(ch for ch in str(value) if ch not in " -+")
    shown = repr(value)
    if not digits.isdigit():
        raise OrgnrError(
            "not_digits",
            f"{shown}: an organisationsnummer has only digits (and an optional dash)",
            value=shown,
        )
    if len(digits) == 12:
        if digits[:2] not in {"16", "19", "20"}:
            raise OrgnrError(
                "century",
                f"{shown}: a 12-digit number must start with 16 (legal entity) or 19/20 (person)",
                value=shown,
            )
        digits = digits[2:]
    if len(digits) != 10:
        raise OrgnrError(
            "length",
            f"{shown}: has {len(digits)} digits; an organisationsnummer has 10",
            value=shown,
            count=len(digits),
        )
    if luhn.checksum(digits) != 0:
        expected = luhn.calc_check_digit(digits[:9])
        raise OrgnrError(
            "check_digit",
            f"{shown}: the check digit (last digit) should be {expected} by the Luhn "
            f"(modulus 10) rule, not {digits[9]}",
            value=shown,
            expected=expected,
            found=digits[9],
        )
    try:
        stdnum_orgnr.validate(digits)
    except ValidationError as exc:  # pragma: no cover - Luhn above catches what stdnum checks today
        raise OrgnrError("invalid", f"{shown}: {exc}", value=shown, reason=str(exc)) from None
    # Legal entities have 20 or more in the month position (third and fourth digits).
    personal = int(digits[2:4]) < 20
    if personal:
        month, day = int(digits[2:4]), int(digits[4:6])
        if not (1 <= month <= 12 and 1 <= day <= 91):
            raise OrgnrError(
                "month",
                f"{shown}: digits 3–4 ({digits[2:4]}) are neither a month of a personal "
                f"identity number nor 20 or more as for a legal entity",
                value=shown,
                digits=digits[2:4],
            )
    return Orgnr(digits, personal)


def legal_group(number: str) -> str:
    return "enskild näringsidkare" if parse(number).personal else LEGAL_GROUPS.get(number[0], "okänd")


def make(prefix: str, serial: int) -> str:
    """A syntactically valid number: prefix (e.g. '55') + serial padded to 9 digits + Luhn digit."""
    body = (prefix + str(serial).zfill(9 - len(prefix)))[:9]
    return body + luhn.calc_check_digit(body)
