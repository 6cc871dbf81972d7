"""The catalogue of SCB tables regional analysts use (data in ``catalogue.yaml``).

Lookups fail with ``UnknownCodeError`` listing the valid choices, so a typo in
``spets stats fetch AM0207Z/DagSni07KonK`` tells the user what exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import UnknownCodeError

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")


@dataclass(frozen=True)
class Variable:
    code: str
    label: dict[str, str]
    role: str | None = None
    codes: tuple[str, ...] = ()  # value codes we rely on; empty = whatever metadata says
    measures: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    id: str  # "AM0207K/DagSNI07KonK" (SCB's product code / matrix)
    path: str  # PxWeb v1 path under .../ssd/START/
    v2_id: str | None
    series: str
    description: dict[str, str]
    variables: dict[str, Variable]
    years: tuple[int | None, int | None] = (None, None)

    def variable(self, code: str) -> Variable:
        try:
            return self.variables[code]
        except KeyError:
            raise UnknownCodeError(
                f"table {self.id} has no variable {code!r}; valid: {', '.join(self.variables)}"
            ) from None

    def check_selection(self, selection: dict[str, object]) -> None:
        """Reject unknown variables and, where the catalogue lists codes, unknown value codes."""
        for var, sel in selection.items():
            v = self.variable(var)
            if not v.codes or not isinstance(sel, list | tuple):
                continue
            bad = [c for c in sel if c not in v.codes]
            if bad:
                raise UnknownCodeError(
                    f"table {self.id}, variable {var}: unknown code(s) {', '.join(map(str, bad))}; "
                    f"valid: {', '.join(v.codes)}"
                )


@lru_cache(maxsize=4)
def load(path: str | None = None) -> dict[str, Table]:
    doc = yaml.safe_load(Path(path or CATALOGUE_FILE).read_text(encoding="utf-8"))
    out = {}
    for tid, t in doc["tables"].items():
        variables = {
            code: Variable(
                code=code,
                label=v.get("label", {}),
                role=v.get("role"),
                codes=tuple(str(c) for c in v.get("codes", [])),
                measures=v.get("measures", {}),
            )
            for code, v in t["variables"].items()
        }
        years = tuple(t.get("years") or (None, None))
        out[tid] = Table(
            id=tid,
            path=t["path"],
            v2_id=t.get("v2_id"),
            series=t.get("series", tid),
            description=t["description"],
            variables=variables,
            years=(years[0], years[1]),
        )  # type: ignore[arg-type]
    return out


def tables() -> list[Table]:
    return list(load().values())


def table(table_id: str) -> Table:
    """Find a table by id, by its last part (``DagSNI07KonK``) or by v2 id (``TAB900``)."""
    cat = load()
    if table_id in cat:
        return cat[table_id]
    for t in cat.values():
        if table_id in (t.id.split("/")[-1], t.v2_id, t.path):
            return t
    raise UnknownCodeError(f"unknown table {table_id!r}; valid: {', '.join(cat)}")


def series(name: str) -> list[Table]:
    got = [t for t in load().values() if t.series == name]
    if not got:
        names = sorted({t.series for t in load().values()})
        raise UnknownCodeError(f"unknown series {name!r}; valid: {', '.join(names)}")
    return got
