"""Traceable figures: every number shown to users carries its source, year, unit and method."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    value: float | None  # None = missing (never shown as 0)
    unit: str
    source: str
    year: int | None
    method: str = ""
    synthetic: bool = False
    status: str = ""  # e.g. ".." not available, "." not applicable
    extra: dict = field(default_factory=dict)

    @property
    def missing(self) -> bool:
        return self.value is None

    def provenance(self) -> str:
        parts = [self.source]
        if self.year:
            parts.append(str(self.year))
        if self.unit:
            parts.append(self.unit)
        if self.method:
            parts.append(self.method)
        return " · ".join(parts)

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "year": self.year,
            "method": self.method,
            "synthetic": self.synthetic,
            "status": self.status,
        }
