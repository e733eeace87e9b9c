"""The import pages: upload a file, see what happened, download the rejected rows."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.accounts.models import User
from missinghub.imports.forms import UploadForm
from missinghub.imports.models import ImportRun
from missinghub.imports.reader import UnreadableFile
from missinghub.imports.rejections import rejection_lines
from missinghub.imports.runner import ImportRefused
from missinghub.imports.selectors import first_rejections, run_for, runs_for
from missinghub.imports.services import (
    fail_stale_runs,
    import_upload,
    mapping_choices,
    record_rejections_downloaded,
)


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
        try:
            run = import_upload(actor=user, choice=form.chosen(), upload=form.cleaned_data["file"])
        except (ImportRefused, UnreadableFile) as error:
            form.add_error("file", f"The file cannot be imported: {error}")
        else:
            messages.success(request, f"{run.file_name} imported")
            return redirect("imports:run", run_id=run.pk)
    fail_stale_runs()
    runs = runs_for(user)[:20]
    return render(request, "imports/upload.html", {"form": form, "runs": runs})


@guard(Action.IMPORT)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    user = signed_in_user(request)
    run = _run(user, run_id)
    return render(
        request,
        "imports/run.html",
        {
            "run": run,
            "summary": run.summary,
            "rejections": first_rejections(run),
            # Whether children and records were known says whether they exist: the file's own
            # agency may know that; a partner that loaded it sees rows only (docs/imports.md).
            "shows_records": run.agency_id == user.agency_id,
            "rows_loaded": run.summary.get("rows_read", 0) - run.summary.get("rejected", 0),
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
