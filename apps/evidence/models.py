"""Evidence (bukti dukung): items with revisions, verified up the unit hierarchy.

An item is one piece of evidence for one LKE question of a unit's ZI cycle (optionally
for one document of the question's checklist). Its content lives in revisions: a file
(through apps.files) or a link. Nothing submitted is ever overwritten or deleted: a new
upload supersedes the previous revision, a withdrawn item keeps its history.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import badges
from apps.core.badges import Badge
from apps.core.models import TenantOwned, TimeStamped


class Anchor(models.TextChoices):
    """Where the verifier of a level holds their role, relative to the item's unit."""

    PARENT = "parent", _("Unit induk (mis. Kanwil/Unit Kerja)")
    ESELON1 = "eselon1", _("Unit Eselon I di atasnya")
    AGENCY = "agency", _("Tingkat instansi (mis. TPI)")


class VerificationLevel(TenantOwned):
    """One level of an agency's verification chain (seed 002, Gambar 8)."""

    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama tingkat"), max_length=100)
    role = models.CharField(_("peran verifikator"), max_length=30)
    anchor = models.CharField(_("letak verifikator"), max_length=10, choices=Anchor.choices)
    is_active = models.BooleanField(_("dipakai"), default=True)

    class Meta:
        verbose_name = _("tingkat verifikasi")
        verbose_name_plural = _("tingkat verifikasi")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "order"], name="verification_level_order"),
            models.UniqueConstraint(fields=["tenant", "anchor"], name="verification_level_anchor"),
        ]

    def __str__(self) -> str:
        return self.name


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    # "Terverifikasi" is kept for the final status (every level passed); one level's
    # decision is "diverifikasi tingkat n dari N" (docs/permissions.md, Evidence).
    IN_VERIFICATION = "in_verification", _("Menunggu verifikasi")
    RETURNED = "returned", _("Dikembalikan")
    VERIFIED = "verified", _("Terverifikasi")
    WITHDRAWN = "withdrawn", _("Ditarik")


badges.register(
    ItemStatus,
    {
        ItemStatus.DRAFT: "text-bg-secondary",
        # The level that has the item, not the bare "Menunggu verifikasi".
        ItemStatus.IN_VERIFICATION: Badge(
            "text-bg-info text-wrap text-start", label_from="status_text"
        ),
        ItemStatus.RETURNED: "text-bg-warning",
        ItemStatus.VERIFIED: Badge(
            "text-bg-success", title=_("Lolos semua tingkat rantai verifikasi")
        ),
        ItemStatus.WITHDRAWN: "text-bg-dark",
    },
)


class EvidenceItem(TenantOwned, TimeStamped):
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("siklus ZI"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="evidence"
    )
    question = models.ForeignKey(
        "lke.Question", verbose_name=_("pertanyaan LKE"), on_delete=models.PROTECT, related_name="+"
    )
    requirement = models.ForeignKey(
        "lke.EvidenceRequirement",
        verbose_name=_("dokumen checklist"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    area_code = models.CharField(_("area"), max_length=20, db_index=True)
    title = models.CharField(_("judul"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    # The chain fixed at submission: [{"name", "role", "anchor_unit", "match"}, …]
    chain = models.JSONField(_("rantai verifikasi"), default=list, blank=True)
    level = models.PositiveSmallIntegerField(_("tingkat saat ini"), default=0)
    # The current level, denormalised so that a verifier's queue is one indexed query.
    current_role = models.CharField(max_length=30, blank=True)
    current_anchor = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_reach = models.BooleanField(default=False)
    current_level_name = models.CharField(_("tingkat yang menunggu"), max_length=100, blank=True)
    # Since when the current level has had the item: the verifier queue sorts by it.
    waiting_since = models.DateTimeField(_("menunggu sejak"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("terverifikasi"), null=True, blank=True)
    # The item's workflow history (upload, revisions, submission, each level's decision,
    # withdrawal): rows of the one history, written by apps.core.workflow.
    history = GenericRelation("core.StateChange")

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["question__order", "created_at", "id"]
        indexes = [
            # The verifier queue asks: this agency's items in verification at a level of
            # this role in these anchor units, or at a reaching level of this role (the
            # two branches of chain.Reach.condition, one bitmap scan each).
            models.Index(
                fields=["tenant", "status", "current_role", "current_reach", "current_anchor"],
                name="evidence_queue_role_idx",
            ),
            # A queue in its order (oldest waiting first): the TPI's level reaches every
            # unit, so the first page is read from here instead of sorting all it awaits.
            models.Index(
                fields=["tenant", "status", "current_role", "waiting_since", "id"],
                name="evidence_queue_wait_idx",
            ),
            models.Index(fields=["cycle", "question", "status"], name="evidence_question_idx"),
            # The API list's order (keyset pagination, apps.core.api.KeysetPagination).
            models.Index(fields=["tenant", "created_at", "id"], name="evidence_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="evidence_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def chain_position(self) -> tuple[int, int]:
        """(level being verified, 1-based; number of levels)."""
        return self.level + 1, len(self.chain)

    def status_text(self) -> str:
        """The status as every page and the API word it: "Terverifikasi" only once every
        level passed; in between, the level that has the item ("Menunggu … (n dari N)")."""
        if self.status == ItemStatus.IN_VERIFICATION:
            n, total = self.chain_position
            return _("Menunggu %(name)s (%(n)s dari %(total)s)") % {
                "name": self.current_level_name,
                "n": n,
                "total": total,
            }
        return str(self.get_status_display())

    @property
    def events(self) -> "list[ItemEvent]":
        """The history as ``ItemEvent``s, oldest first, from the prefetched ``history``
        and ``revisions`` (no query of its own once both are prefetched)."""
        revisions = {r.pk: r for r in self.revisions.all()}
        levels = len(self.chain)
        return [
            ItemEvent(
                action=change.transition,
                level=change.data.get("level"),
                level_name=change.data.get("level_name", ""),
                revision=revisions.get(change.data.get("revision")),
                actor=change.actor,
                comment=change.reason,
                created_at=change.created_at,
                levels=levels,
            )
            for change in sorted(self.history.all(), key=lambda c: (c.created_at, c.pk))
        ]


class EvidenceRevision(models.Model):
    """One version of an item's content: a stored file or a link."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revisi ke"))
    stored_file = models.ForeignKey(
        "files.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    url = models.URLField(_("tautan"), max_length=1000, blank=True)
    # The name the uploader gave this file. The stored object is shared by every upload
    # of the same content in the unit (StoredFile keeps the first upload's name), so the
    # name belongs here; empty on rows from before it was kept (the stored name applies).
    file_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    is_current = models.BooleanField(_("revisi berlaku"), default=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("revisi bukti")
        verbose_name_plural = _("revisi bukti")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="evidence_revision_number"),
            models.UniqueConstraint(
                fields=["item"], condition=Q(is_current=True), name="evidence_one_current_revision"
            ),
            models.CheckConstraint(
                condition=(Q(stored_file__isnull=False) & Q(url=""))
                | (Q(stored_file__isnull=True) & ~Q(url="")),
                name="evidence_revision_file_xor_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} r{self.number}"

    @property
    def display_name(self) -> str:
        """The name to show and to download under: this upload's own."""
        if self.stored_file_id is None:
            return ""
        return self.file_name or self.stored_file.original_name


class EventAction(models.TextChoices):
    UPLOAD = "upload", _("Unggah")
    REVISE = "revise", _("Revisi baru")
    SUBMIT = "submit", _("Diajukan")
    VERIFY = "verify", _("Diverifikasi tingkat")
    RETURN = "return", _("Dikembalikan")
    WITHDRAW = "withdraw", _("Ditarik")


@dataclass(frozen=True)
class ItemEvent:
    """One step of an item's history as the pages and the API show it, read from the
    item's workflow history (``core.StateChange``; ``EvidenceItem.history``): who did
    what, at which level, on which revision, with which comment."""

    action: str
    level: int | None
    level_name: str
    revision: "EvidenceRevision | None"
    actor: Any
    comment: str
    created_at: Any
    levels: int  # the item's number of verification levels

    @property
    def revision_id(self) -> int | None:
        return self.revision.pk if self.revision is not None else None

    @property
    def actor_id(self) -> int | None:
        return self.actor.pk if self.actor is not None else None

    def get_action_display(self) -> str:
        return (
            str(EventAction(self.action).label)
            if self.action in EventAction.values
            else self.action
        )

    def action_text(self, levels: int | None = None) -> str:
        """One level's decision: "Diverifikasi tingkat n dari N" (never "terverifikasi")."""
        if self.action == EventAction.VERIFY and self.level is not None:
            return _("Diverifikasi tingkat %(n)s dari %(total)s") % {
                "n": self.level + 1,
                "total": self.levels if levels is None else levels,
            }
        return self.get_action_display()


class EvidenceComment(models.Model):
    """A message in an item's thread between the unit and its verifiers (e.g. the unit's
    answer to a return comment). Append-only; tied to the revision it was written on."""

    MAX_LENGTH = 2000

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="comments")
    revision = models.ForeignKey(
        EvidenceRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("pesan"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("komentar bukti")
        verbose_name_plural = _("komentar bukti")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.body[:40]}"
