from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.ops import jobs
from spets.ops.models import JobRun


class Command(BaseCommand):
    help = gettext_lazy(
        "Scheduled jobs: `list` shows them and their last run, `run-due` runs those that are due "
        "(call it from cron every 15 minutes), `run NAME` runs one now."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "run-due", "run"])
        parser.add_argument("name", nargs="?", help=gettext_lazy("the job to run (with `run`)"))

    def handle(self, *args, **opts):
        if opts["action"] == "list":
            last = {r.name: r for r in JobRun.objects.all()}
            for job in jobs.JOBS:
                run = last.get(job.name)
                when = run.started.strftime("%Y-%m-%d %H:%M") if run and run.started else _("never")
                state = "" if not run or not run.finished else (_("ok") if run.ok else _("failed"))
                self.stdout.write(f"{job.name:<22} {job.what}; {_('last run')}: {when} {state}")
            return
        if opts["action"] == "run":
            try:
                job = jobs.by_name(opts["name"] or "")
            except KeyError:
                names = ", ".join(j.name for j in jobs.JOBS)
                raise CommandError(
                    _("unknown job %(name)r; the jobs are: %(names)s")
                    % {"name": opts["name"], "names": names}
                ) from None
            runs = [r for r in [jobs.run(job, force=True)] if r is not None]
        else:
            runs = jobs.run_due()
        for run in runs:
            self.stdout.write(f"{run.name}: {_('ok') if run.ok else _('failed')}")
        if any(not r.ok for r in runs):
            raise CommandError(_("a job failed; `spets jobs list` shows which"))
