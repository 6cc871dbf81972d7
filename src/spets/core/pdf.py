"""What every PDF report of Spets shares (fpdf2): an A4 page with 15 mm margins, the built-in Helvetica
(no font files, so reports work offline), text reduced to Latin-1, and headings, paragraphs and tables
whose cells wrap onto more lines instead of being cut.

A report builds on :class:`Document` and adds its own sections (charts, method texts) on top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fpdf import FPDF

from spets.core import i18n, numbers

FONT = "Helvetica"
MARGIN = 15.0  # mm on every side, and the bottom margin of the automatic page break
BODY_SIZE = 9

# Characters the core fonts cannot print (outside Latin-1), with plain stand-ins so that formulas and
# quotes stay readable; anything else outside Latin-1 becomes '?'.
STANDINS: dict[str, str] = {
    "→": "->",
    "←": "<-",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "−": "-",
    "–": "-",
    "—": "-",
    "×": "x",
    "λ": "lambda",
    "δ": "delta",
    "β": "beta",
    "μ": "mu",
    "κ": "kappa",
    "Σ": "sum",
    "⁻¹": "^-1",
    "⊙": "*",
    "\u202f": " ",
    "\u00a0": " ",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "≈": "~",
}


def latin1(text: Any, standins: Mapping[str, str] = STANDINS) -> str:
    """``text`` printable with the core fonts: stand-ins first, then '?' for whatever is still outside
    Latin-1 (å, ä, ö, é are Latin-1 and stay)."""
    s = str(text)
    for a, b in standins.items():
        s = s.replace(a, b)
    return s.encode("latin-1", "replace").decode("latin-1")


class Document(FPDF):
    """An A4 report in Helvetica with 15 mm margins and automatic page breaks.

    ``footer_label`` prints "label · page number" centred at the foot of every page (none by default);
    ``standins`` adds to or overrides :data:`STANDINS` for this report; ``lang`` is the language of
    the numbers in tables (by default the active one; Swedish: "1 234,5").
    """

    def __init__(
        self,
        *,
        footer_label: str | None = None,
        standins: Mapping[str, str] | None = None,
        lang: str | None = None,
    ):
        super().__init__(format="A4")
        self.lang = lang or i18n.active_language()
        self.footer_label = footer_label
        self.standins = {**STANDINS, **(standins or {})}
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_margins(MARGIN, MARGIN, MARGIN)

    def latin1(self, text: Any) -> str:
        return latin1(text, self.standins)

    def cell_text(self, value: Any) -> str:
        """A table cell's text: numbers the Swedish way (spets.core.numbers.auto), None as "–"."""
        return self.latin1(numbers.auto(value, self.lang))

    def footer(self) -> None:
        if self.footer_label is None:
            return
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 6, self.latin1(f"{self.footer_label} · {self.page_no()}"), align="C")

    def heading(
        self, text: str, size: float = 13, *, space_before: float = 2, line_height: float = 7
    ) -> None:
        """A bold heading (wrapped when long); the body font follows."""
        self.ln(space_before)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, line_height, self.latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", BODY_SIZE)

    def paragraph(
        self,
        text: str,
        *,
        size: float = BODY_SIZE,
        bold: bool = False,
        line_height: float = 4.6,
        space_after: float = 1,
    ) -> None:
        """Running text over the page's width; the body font follows."""
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, line_height, self.latin1(text), new_x="LMARGIN", new_y="NEXT")
        if space_after:
            self.ln(space_after)
        self.set_font(FONT, "", BODY_SIZE)

    def wrapped_table(
        self,
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        header: Sequence[str] | None = None,
        *,
        size: float = 8,
        line_height: float = 4.0,
        header_height: float = 5,
        align: str | Sequence[str] | None = None,
        row_gap: float = 0.5,
        space_after: float = 1,
    ) -> None:
        """A table whose cells wrap onto more lines instead of being cut (long names, metadata values).

        ``header`` is drawn bold above a rule. ``align`` is one alignment ('L', 'R', 'C') for every
        column or one per column; by default the first column is left-aligned and the others (numbers)
        right-aligned. Numbers are written the Swedish way (:meth:`cell_text`). A row never splits
        across pages.
        """
        if align is None:
            aligns = ["L"] + ["R"] * (len(widths) - 1)
        elif isinstance(align, str):
            aligns = [align] * len(widths)
        else:
            aligns = list(align)
        if header:
            self.set_font(FONT, "B", size)
            for w, h in zip(widths, header, strict=True):
                self.cell(w, header_height, self.latin1(h), border="B")
            self.ln()
        self.set_font(FONT, "", size)
        for row in rows:
            cells = [
                self.multi_cell(w - 1, line_height, self.cell_text(v), dry_run=True, output="LINES") or [""]
                for w, v in zip(widths, row, strict=True)
            ]
            height = line_height * max(len(c) for c in cells)
            if self.will_page_break(height):
                self.add_page()
            x, y = self.get_x(), self.get_y()
            for i, (w, c) in enumerate(zip(widths, cells, strict=True)):
                self.set_xy(x + sum(widths[:i]), y)
                self.multi_cell(w - 1, line_height, "\n".join(c), align=aligns[i])
            self.set_xy(x, y + height + row_gap)
        if space_after:
            self.ln(space_after)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
