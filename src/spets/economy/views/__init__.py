"""Footprint pages under /footprint/: the footprint page (:mod:`.footprint`), the scenario answer
(:mod:`.scenario`, an HTMX partial or the whole page) and downloads of either (:mod:`.downloads`)."""
