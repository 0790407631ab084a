"""The dry run → confirm flow: the dry run, its stash in the session, and the two steps
for views (``ImportFlowMixin``)."""

import hashlib
import json
import secrets
from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .spec import ImportFileError, ParsedTable, RowError, RowsInvalid, TableSpec


@dataclass
class DryRun:
    """What importing a file would do: the rows to stash (JSON-able dicts), every error,
    and the preview table (one list of cells per row, under ``headings``)."""

    rows: list[dict]
    errors: list[RowError]
    headings: list[str] = field(default_factory=list)
    table: list[list] = field(default_factory=list)
    summary: str = ""  # what confirming will do, shown when the file is valid
    row_count: int = 0
    # Set when the valid file would change nothing: shown instead of the confirm form.
    unchanged: str = ""
    # Kept with the rows for the confirm step (e.g. the versions the dry run saw).
    extra: dict = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _digest(value) -> str:
    text = value if isinstance(value, bytes) else json.dumps(value, sort_keys=True).encode()
    return hashlib.sha256(text).hexdigest()


def stash_dry_run(
    request, key: str, *, scope: dict, filename: str, rows: list[dict], extra: dict | None = None
) -> str:
    """Keep a valid dry run's rows in the (server-side) session until it is confirmed;
    the token returned goes into the preview's confirm form."""
    token = secrets.token_urlsafe(16)
    request.session[key] = {
        "token": token,
        "scope": scope,
        "filename": filename,
        "rows": rows,
        "extra": extra or {},
        "digest": _digest([scope, rows, extra or {}]),
    }
    return token


def take_dry_run(request, key: str, *, token: str, scope: dict) -> dict | None:
    """The stash ``token`` names, made for ``scope`` (tenant, unit, cycle…) and unchanged
    since, or None. The stash is kept: the service may refuse and the page be shown
    again; ``drop_dry_run`` removes it."""
    stored = request.session.get(key)
    if (
        not isinstance(stored, dict)
        or not secrets.compare_digest(str(stored.get("token", "")), str(token or ""))
        or stored.get("scope") != scope
        or stored.get("digest")
        != _digest([stored.get("scope"), stored.get("rows"), stored.get("extra")])
    ):
        return None
    return stored


def drop_dry_run(request, key: str) -> None:
    request.session.pop(key, None)


# --- The two steps, for views ----------------------------------------------------------


class ImportFlowMixin:
    """The upload → dry run → confirm steps of an import view.

    A view sets ``session_key`` and ``form_class`` and implements ``import_scope()``,
    ``preview_context()`` (titles, links and texts of ``core/import_preview.html``),
    ``check(parsed, upload)`` → ``DryRun`` and ``apply(rows)`` → response (calls the
    service; raises ``RowsInvalid`` to write nothing and show the errors; the stash is
    ``self.stored``, its ``extra`` what the dry run kept besides the rows).
    """

    session_key: str
    form_class = None
    spec: TableSpec
    preview_template = "core/import_preview.html"
    # Set by ``apply`` when its refusal may be retried with the same dry run (a move not
    # yet accepted, a concurrent writer): the stash is then kept.
    keep_dry_run = False

    def import_scope(self) -> dict:
        return {"tenant": self.request.tenant.pk}

    def preview_context(self) -> dict:
        raise NotImplementedError

    def check(self, parsed: ParsedTable, upload) -> DryRun:
        raise NotImplementedError

    def apply(self, rows: list[dict]):
        raise NotImplementedError

    def read(self, upload) -> ParsedTable:
        return self.spec.read_upload(upload)

    def upload_failed(self, form):
        """The upload page again, with ``form``'s errors (status 400)."""
        raise NotImplementedError

    def render_preview(self, dry_run: DryRun, *, filename: str, status=200, **extra):
        context = {
            **self.preview_context(),
            "dry_run": dry_run,
            "errors": dry_run.errors,
            "filename": filename,
            "form": self.form_class(),
            **extra,
        }
        return render(self.request, self.preview_template, context, status=status)

    def dry_run_response(self):
        """Step 1: check the uploaded file; stash it if every row is right."""
        request = self.request
        drop_dry_run(request, self.session_key)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.upload_failed(form)
        upload = form.cleaned_data["file"]
        try:
            parsed = self.read(upload)
        except ImportFileError as exc:
            form.add_error("file", exc.message)
            form.fields["file"].widget.attrs.update(
                {"class": "form-control is-invalid", "aria-invalid": "true"}
            )
            return self.upload_failed(form)
        dry_run = self.check(parsed, upload)
        dry_run.row_count = dry_run.row_count or len(parsed.rows)
        if not dry_run.is_valid:
            return self.render_preview(dry_run, filename=upload.name, status=400)
        if dry_run.unchanged:
            return self.render_preview(dry_run, filename=upload.name)
        token = stash_dry_run(
            request,
            self.session_key,
            scope=self.import_scope(),
            filename=upload.name,
            rows=dry_run.rows,
            extra=dry_run.extra,
        )
        return self.render_preview(dry_run, filename=upload.name, token=token)

    def confirm_response(self):
        """Step 2: apply the stashed rows, all or none."""
        request = self.request
        stored = take_dry_run(
            request,
            self.session_key,
            token=request.POST.get("token", ""),
            scope=self.import_scope(),
        )
        if stored is None:
            messages.error(
                request,
                _("Data impor tidak ditemukan atau sudah kedaluwarsa. Unggah ulang berkas."),
            )
            return redirect(self.preview_context()["upload_url"])
        self.stored = stored
        try:
            response = self.apply(stored["rows"])
        except RowsInvalid as exc:
            drop_dry_run(request, self.session_key)
            dry_run = DryRun(rows=[], errors=exc.row_errors, row_count=len(stored["rows"]))
            return self.render_preview(
                dry_run, filename=stored.get("filename", ""), status=400, changed_since_dry_run=True
            )
        if not self.keep_dry_run:
            drop_dry_run(request, self.session_key)
        return response
