"""Stitch SCB's employed day-population tables into one series.

RAMS 2008–2018 (AM0207K), RAMS new series 2019–2021 (AM0207Z) and BAS 2020– (AM0210B)
become one cube Region × SNI2007 × Kon × Tid. Where years overlap the newest table wins
(the one with the latest first year). Industry codes are harmonised by
``sni_harmonisation.yaml``; every cell records which source table it came from
(``cube.provenance`` indexes ``cube.provenance_sources``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from . import cube as C
from . import ops
from .errors import StatsError

HARMONISATION_FILE = Path(__file__).with_name("sni_harmonisation.yaml")
OUT_DIMS = ("Region", "SNI2007", "Kon", "Tid")


@lru_cache(maxsize=2)
def harmonisation(path: str | None = None) -> dict:
    return yaml.safe_load(Path(path or HARMONISATION_FILE).read_text(encoding="utf-8"))


def _source_label(c: C.Cube) -> str:
    """ "TABLE vN": a code, the same in every language (the table's updated date goes in
    ``extra["source_updated"]`` so that pages say "updated" in their own language)."""
    label = c.table_id
    if "version" in c.extra:
        label += f" v{c.extra['version']}"
    return label


def normalise(c: C.Cube, rules: dict) -> C.Cube:
    """One source table → Region × SNI2007 × Kon × Tid with harmonised codes."""
    table_rules = rules["tables"].get(c.table_id, {"rename": {}, "drop": []})
    metric = c.by_role("metric") or next((d for d in c.dims if d.code == "ContentsCode"), None)
    if metric is not None:
        words = [w.lower() for w in rules.get("exclude_contents_words", [])]
        labels = next(iter(metric.labels.values()), metric.codes)
        keep = [
            code
            for code, lab in zip(metric.codes, labels, strict=True)
            if not any(w in lab.lower() for w in words)
        ]
        if not keep:
            raise StatsError(f"{c.table_id}: no day-population contents among {metric.codes}")
        c = ops.sum_over(c.select(**{metric.code: keep[:1]}), metric.code)
    for d in list(c.dims):
        if d.code in OUT_DIMS:
            continue
        # e.g. Fodelseregion in BAS: take its total if there is one, else sum over it
        total = d.elimination if isinstance(d.elimination, str) and d.elimination in d.codes else None
        total = total or next((x for x in d.codes if x.lower() in ("tot", "totalt", "total")), None)
        c = ops.sum_over(c.select(**{d.code: [total]}) if total else c, d.code)
    missing = [x for x in OUT_DIMS if x not in [d.code for d in c.dims]]
    if missing:
        raise StatsError(f"{c.table_id}: cannot stitch, missing dimension(s) {missing}")
    sni, kon = c.dim("SNI2007"), c.dim("Kon")
    rename, drop = table_rules.get("rename", {}), set(table_rules.get("drop", []))
    target = rules["target"]
    keep_sni = [x for x in sni.codes if x not in drop]
    unknown = [x for x in keep_sni if rename.get(x, x) not in target]
    if unknown:
        raise StatsError(
            f"{c.table_id}: SNI2007 code(s) {unknown} have no harmonised code; add them to "
            f"{HARMONISATION_FILE.name} (valid targets: {', '.join(target)})"
        )
    keep_kon = [x for x in kon.codes if x in rules["sex"]["codes"]]
    c = c.select(SNI2007=keep_sni, Kon=keep_kon)
    c.dims[c.axis("SNI2007")].codes = [rename.get(x, x) for x in keep_sni]
    c.dims[c.axis("SNI2007")]._pos = None
    order = [c.axis(x) for x in OUT_DIMS]
    dims = [c.dims[i] for i in order]
    return C.Cube(
        dims=dims,
        values=np.transpose(c.values, order),
        status=np.transpose(c.status, order),
        table_id=c.table_id,
        updated=c.updated,
        unit=c.unit,
        source=c.source,
        language=c.language,
        extra=c.extra,
        status_symbols=dict(c.status_symbols),
        title=c.title,
        notes=list(c.notes),
    )


def stitch(
    cubes: Sequence[C.Cube],
    *,
    series: str = "employment_day_population",
    rules: Mapping | None = None,
    lang: str = "sv",
) -> C.Cube:
    """One series from several tables; newest table (latest first year) wins on overlap."""
    if not cubes:
        raise StatsError("nothing to stitch")
    rules = dict(rules or harmonisation())
    parts = [normalise(c, rules) for c in cubes]
    parts.sort(key=lambda p: min(p.dim("Tid").codes))  # oldest first, so newer ones overwrite
    regions = list(dict.fromkeys(r for p in parts for r in p.dim("Region").codes))
    region_labels: dict[str, str] = {}
    for p in parts:
        d = p.dim("Region")
        region_labels.update(zip(d.codes, d.labels.get(lang, d.codes), strict=True))
    years = sorted({y for p in parts for y in p.dim("Tid").codes})
    target = rules["target"]
    sni_codes = list(target)
    kon_codes = list(rules["sex"]["codes"])
    langs = ["sv", "en"]
    dims = [
        C.Dimension(
            "Region",
            regions,
            {"sv": "region", "en": "region"},
            {lg: [region_labels.get(r, r) for r in regions] for lg in langs},
            role="geo",
        ),
        C.Dimension(
            "SNI2007",
            sni_codes,
            {"sv": "näringsgren SNI 2007", "en": "industry SNI 2007"},
            {lg: [target[x][lg] for x in sni_codes] for lg in langs},
        ),
        C.Dimension(
            "Kon",
            kon_codes,
            {"sv": "kön", "en": "sex"},
            {lg: [rules["sex"]["codes"][x][lg] for x in kon_codes] for lg in langs},
        ),
        C.Dimension("Tid", years, {"sv": "år", "en": "year"}, {lg: list(years) for lg in langs}, role="time"),
    ]
    out = C.empty(
        dims,
        table_id=series,
        source="SCB",
        unit=parts[-1].unit or "antal",
        language=lang,
        title={
            "sv": "Förvärvsarbetande 16+ år (dagbefolkning), sammanlänkad serie",
            "en": "Employed persons aged 16+ (day population), stitched series",
        },
        updated=max((p.updated for p in parts if p.updated), default=None),
    )
    out.provenance = np.zeros(out.shape, np.uint8)
    out.provenance_sources = [_source_label(p) for p in parts]
    for k, p in enumerate(parts):
        ix = np.ix_(*[[out.dims[a].index(x) for x in p.dims[a].codes] for a in range(4)])
        st = p.status.copy()
        for code, sym in p.status_symbols.items():  # re-register footnote markers in the output
            st[p.status == code] = out.status_code_for(sym)
        out.values[ix] = p.values
        out.status[ix] = st
        out.provenance[ix] = k
        out.notes.extend(n for n in p.notes if n not in out.notes)
    used = {
        out.provenance_sources[k]: sorted({y for y in years if _wins(parts, k, y)}) for k in range(len(parts))
    }
    out.extra["years_by_source"] = used
    out.extra["source_updated"] = {_source_label(p): f"{p.updated:%Y-%m-%d}" for p in parts if p.updated}
    return out


def _wins(parts: list[C.Cube], k: int, year: str) -> bool:
    """Is part k the newest part holding ``year``?"""
    holders = [i for i, p in enumerate(parts) if year in p.dim("Tid").codes]
    return bool(holders) and holders[-1] == k
