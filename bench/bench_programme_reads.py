"""The indicators' register read (`indicator_inputs.gather`) serially and with 2 and 6 concurrent
connections (`spets.core.concurrent_reads`), interleaved in one process, on the database that
`bench_programme.py` filled (run that first). Run on demand: `.venv/bin/python bench/bench_programme_reads.py`."""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.update(
    SPETS_DATABASE_URL="postgres://postgres@127.0.0.1:5432/spets_bench_programme",
    SPETS_DEMO="1",
    SPETS_DATA_DIR=str(Path(tempfile.gettempdir()) / "spets-bench-programme"),
    DJANGO_SETTINGS_MODULE="spets.settings",
)
import django  # noqa: E402

django.setup()
from spets.core import concurrent_reads  # noqa: E402
from spets.core.scoping import unscoped  # noqa: E402
from spets.programme.models import Project, ReportingPeriod  # noqa: E402
from spets.programme.services import indicator_inputs as ii  # noqa: E402
from spets.programme.services import indicators as svc  # noqa: E402

project = Project.objects.get(code="bench")
final = ReportingPeriod.objects.get(project=project, code="final")
defs = svc.definitions()[1]
real_possible = concurrent_reads.possible
res = {}
for _round in range(3):
    for mode in ("serial", "2 workers", "6 workers"):
        concurrent_reads.possible = (lambda: False) if mode == "serial" else real_possible
        concurrent_reads.WORKERS = 6 if mode == "6 workers" else 2
        ts = []
        for _ in range(2):
            with unscoped():
                t = time.perf_counter()
                ii.gather(project, final.starts_on, final.ends_on, defs)
                ts.append(time.perf_counter() - t)
        res.setdefault(mode, []).extend(ts)
for m, ts in res.items():
    print(m, f"best {min(ts):.2f} median {sorted(ts)[len(ts) // 2]:.2f}", [round(t, 2) for t in ts])
print("load average", os.getloadavg())
