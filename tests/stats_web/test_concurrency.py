"""The statistics store under parallel requests (issue #15.1): many threads of one server process open
the store, read and close it at once. Each thread works on its own DuckDB cursor; nothing is shared
between threads without a lock."""

from __future__ import annotations

import threading

from spets.stats import atlas, services

THREADS = 16
QUERIES = 200


def test_16_threads_x_200_atlas_queries_give_no_error(demo_store, settings):
    params = [
        atlas.Params(level="municipality", area="20"),
        atlas.Params(level="county", area="all"),
        atlas.Params(
            measure="business_statistics_county:net_turnover", level="municipality", area="programme"
        ),
        atlas.Params(level="municipality", area="programme", industry="*"),
    ]
    atlas.geography()  # the page's geography comes from the relational database, read once per process
    expected = [atlas.view(p)["rows"] for p in params]
    regions = [["2080"], ["2081", "2082"], ["2080", "2084", "2085"], ["2021"]]
    sizes = [services.cube_slice(services.EMPLOYMENT, None, {"Region": r})[0].size for r in regions]
    services.close_store()
    errors: list[str] = []
    wrong: list[int] = []
    start = threading.Barrier(THREADS)

    def work(n: int) -> None:
        start.wait()
        for i in range(QUERIES):
            k = (n + i) % len(params)
            try:
                if i % 40 == 0:  # a whole atlas view (the endpoint); the rest are the slices it reads
                    if atlas.view(params[k])["rows"] != expected[k]:
                        wrong.append(k)
                else:  # a slice registers the wanted cells with DuckDB: the step that failed
                    cube, _info = services.cube_slice(services.EMPLOYMENT, None, {"Region": regions[k]})
                    if cube.size != sizes[k]:
                        wrong.append(k)
            except Exception as exc:  # noqa: BLE001 - the test counts every kind of failure
                errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                services.close_store()  # as request_finished does after every request

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert wrong == []
