"""The import pages: upload a file, see what happened, download the rejected rows."""

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.accounts.models import User
from missinghub.casework.services.submissions import create_once
from missinghub.imports.forms import UploadForm
from missinghub.imports.models import ImportRun, RunStatus
from missinghub.imports.reader import UnreadableFile
from missinghub.imports.rejections import rejection_lines
from missinghub.imports.runner import ImportRefused
from missinghub.imports.selectors import first_rejections, run_for, runs_for
from missinghub.imports.services import (
    fail_stale_runs,
    mapping_choices,
    queue_upload,
    record_rejections_downloaded,
)


def rows_loaded(summary: dict[str, int]) -> int:
    """Rows that wrote what they hold: read, less those rejected, held or replaced."""
    kept_out = ("rejected", "sent_for_review", "superseded")
    return summary.get("rows_read", 0) - sum(summary.get(name, 0) for name in kept_out)


def _run(user: User, run_id: int) -> ImportRun:
    run = run_for(user, run_id)
    if run is None:
        raise Http404("No import you can see has that number.")
    return run


@guard(Action.IMPORT)
def upload(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = UploadForm(request.POST or None, request.FILES or None, choices=mapping_choices(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run_id, _ = create_once(
                actor=user,
                token=data["submission_id"],
                form="imports.upload",
                create=lambda: queue_upload(actor=user, choice=form.chosen(), upload=data["file"]),
            )
        except (ImportRefused, UnreadableFile) as error:
            form.add_error("file", f"The file cannot be imported: {error}")
        else:
            return redirect("imports:run", run_id=run_id)
    fail_stale_runs()
    runs = runs_for(user)[:20]
    return render(request, "imports/upload.html", {"form": form, "runs": runs})


@guard(Action.IMPORT)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run's result, leading with its rejected rows; while the worker has it, its progress
    (the bar polls this page; when the run ends the page reloads whole)."""
    user = signed_in_user(request)
    run = _run(user, run_id)
    in_progress = run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    if request.headers.get("HX-Request"):
        if in_progress:
            return render(request, "imports/progress.html", {"run": run})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "imports/run.html",
        {
            "in_progress": in_progress,
            "run": run,
            "summary": run.summary,
            "rejections": first_rejections(run),
            # Whether children and records were known says whether they exist: the file's own
            # agency may know that; a partner that loaded it sees rows only (docs/imports.md).
            "shows_records": run.agency_id == user.agency_id,
            "rows_loaded": rows_loaded(run.summary),
        },
    )


@guard(Action.IMPORT)
def rejections(request: HttpRequest, run_id: int) -> StreamingHttpResponse:
    user = signed_in_user(request)
    run = _run(user, run_id)
    record_rejections_downloaded(actor=user, run=run)
    response = StreamingHttpResponse(rejection_lines(run), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-rejected-rows.csv"'
    return response
