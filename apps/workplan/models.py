"""The Rencana Kerja Pembangunan ZI of a cycle, in revisions, and the Pokja tasks it yields.

A revision is drafted by the Ketua Tim, approved per area by that area's Ketua Pokja and
ratified (disahkan) by the Pimpinan Unit (seed 003 §5.d). A ratified revision is frozen
and gets its PDF: a change is a new revision, copied from it, with a reason; earlier
revisions stay readable. Tasks are made from items of the ratified revision. Rows are written only by
``services``.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import badges
from apps.core.choices import Area, RenderState
from apps.core.models import TenantOwned, TimeStamped

MONTHS = list(range(1, 13))


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    RATIFIED = "ratified", _("Disahkan")
    SUPERSEDED = "superseded", _("Digantikan revisi berikutnya")


class PlanRevision(TenantOwned):
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("siklus ZI"),
        on_delete=models.PROTECT,
        related_name="plan_revisions",
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("revisi ke"))
    status = models.CharField(
        _("status"), max_length=12, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("disalin dari"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("alasan revisi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    ratified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disahkan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ratified_at = models.DateTimeField(_("disahkan"), null=True, blank=True)
    # The ratified revision as a PDF, made once by the worker when it is ratified
    # (apps.files.generated): pending, running (claimed at …), ready. A superseded
    # revision keeps its PDF.
    pdf_file = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("PDF rencana kerja"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf_state = models.CharField(
        _("status PDF rencana kerja"), max_length=8, choices=RenderState.choices, blank=True
    )
    pdf_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("revisi rencana kerja")
        verbose_name_plural = _("revisi rencana kerja")
        ordering = ["cycle", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "number"],
                name="workplan_revision_number",
                violation_error_message=_("Nomor revisi ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(status="draft"),
                name="workplan_one_draft_per_cycle",
                violation_error_message=_(
                    "Siklus ini sudah memiliki rencana kerja berstatus draf."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RevisionStatus.values), name="workplan_revision_status"
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""),
                name="workplan_revision_has_reason",
                violation_error_message=_("Alasan revisi wajib diisi."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(ratified_at__isnull=False),
                name="workplan_ratified_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Rencana Kerja {self.cycle_id} rev. {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == RevisionStatus.DRAFT


class PlanItem(TenantOwned):
    """One activity of the plan: what, when (months of the cycle's year), output, PIC and
    the LKE questions it serves."""

    revision = models.ForeignKey(
        PlanRevision, verbose_name=_("revisi"), on_delete=models.PROTECT, related_name="items"
    )
    area = models.CharField(_("area"), max_length=3, choices=Area.choices)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    action = models.CharField(_("kegiatan (rencana aksi)"), max_length=300)
    description = models.TextField(_("rincian rencana kerja"), blank=True)
    output = models.CharField(_("output"), max_length=300)
    pic = models.CharField(_("PIC"), max_length=150)
    months = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("bulan rencana"))
    questions = models.ManyToManyField(
        "lke.Question", verbose_name=_("pertanyaan LKE"), blank=True, related_name="+"
    )
    # The item of the previous revision this one was copied from (for the differences).
    origin = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Deleting an item of a draft only marks it (it can be restored while the revision is a
    # draft); ratification removes the marked items for good.
    removed_at = models.DateTimeField(_("dihapus"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("butir rencana kerja")
        verbose_name_plural = _("butir rencana kerja")
        ordering = ["revision", "area", "order", "id"]
        indexes = [models.Index(fields=["revision", "area", "order"])]
        constraints = [
            models.CheckConstraint(condition=Q(area__in=Area.values), name="workplan_item_area"),
            models.CheckConstraint(
                condition=Q(months__len__gt=0) & Q(months__contained_by=MONTHS),
                name="workplan_item_months_in_year",
                violation_error_message=_("Pilih bulan pelaksanaan (Januari–Desember)."),
            ),
        ]

    def __str__(self) -> str:
        return self.action


class AreaApproval(TenantOwned):
    """A Ketua Pokja's approval of their area in one revision; for an area that has no
    Ketua Pokja in the unit, the Ketua Tim's approval in their place (``in_place``)."""

    revision = models.ForeignKey(PlanRevision, on_delete=models.PROTECT, related_name="approvals")
    area = models.CharField(_("area"), max_length=3, choices=Area.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("disetujui"), auto_now_add=True)
    in_place = models.BooleanField(
        _("oleh Ketua Tim menggantikan Ketua Pokja yang belum ditetapkan"), default=False
    )

    class Meta:
        verbose_name = _("persetujuan area")
        verbose_name_plural = _("persetujuan area")
        ordering = ["revision", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "area"],
                name="workplan_approval_once_per_area",
                violation_error_message=_("Area ini sudah disetujui pada revisi ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} ✓ {self.revision_id}"


class TaskStatus(models.TextChoices):
    BELUM = "belum", _("Belum dilaksanakan")
    SEDANG = "sedang", _("Sedang dilaksanakan")
    TELAH = "telah", _("Telah dilaksanakan")


badges.register(
    TaskStatus,
    {
        TaskStatus.BELUM: "text-bg-secondary",
        TaskStatus.SEDANG: "text-bg-warning",
        TaskStatus.TELAH: "text-bg-success",
    },
)


# The status changes a task allows (reopening a done task goes back to "sedang").
TASK_TRANSITIONS = {
    TaskStatus.BELUM: (TaskStatus.SEDANG, TaskStatus.TELAH),
    TaskStatus.SEDANG: (TaskStatus.BELUM, TaskStatus.TELAH),
    TaskStatus.TELAH: (TaskStatus.SEDANG,),
}


class Task(TenantOwned, TimeStamped):
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        PlanItem, verbose_name=_("butir rencana"), on_delete=models.PROTECT, related_name="tasks"
    )
    area = models.CharField(_("area"), max_length=3, choices=Area.choices)
    title = models.CharField(_("tugas"), max_length=300)
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.BELUM
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("pelaksana"), related_name="pokja_tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("tugas pokja")
        verbose_name_plural = _("tugas pokja")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["tenant", "status", "due_on"]),
            models.Index(fields=["cycle", "area", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values), name="workplan_task_status"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskComment(TenantOwned):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("komentar"))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("komentar tugas")
        verbose_name_plural = _("komentar tugas")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="workplan_comment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:50]


class TaskAttachment(TenantOwned):
    """A task's attachment: an evidence item (bukti dukung) made for one of the item's LKE
    questions, so that what the Pokja does is verified like any other evidence."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="attachments")
    evidence = models.ForeignKey(
        "evidence.EvidenceItem", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dilampirkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran tugas")
        verbose_name_plural = _("lampiran tugas")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "evidence"], name="workplan_attachment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.evidence_id}"
