"""Statistics pages under /atlas/: the atlas (:mod:`.atlas`) and the stored cubes (:mod:`.cubes`)."""
