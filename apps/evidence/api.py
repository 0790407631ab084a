"""/api/v1/evidence/: upload, list, read, download and move evidence through its
verification chain – the same services and selectors as the pages.

Thin views: items are found through the visible-items selector (404 for missing, other
agency and not visible alike), every write goes through ``services.py``, which checks the
actor's role (403) and logs the event. Files stream to a temporary file through
``HashingTemporaryFileUploadHandler`` (installed before DRF parses the body), so an
upload is never held in memory.
"""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import (
    TENANT_HEADER_PARAMETER,
    HasTenant,
    InputSerializer,
    Pagination,
    get_or_404,
    optional_text_field,
    parse,
    text_field,
)
from apps.core.models import StateChange
from apps.cycles.models import Cycle
from apps.cycles.selectors import cycles_visible_to, get_cycle_for_user
from apps.files.checks import FileRefused
from apps.files.serving import serve_stored_file
from apps.files.upload import uploaded_file, use_hashing_upload_handlers
from apps.lke.models import Area, EvidenceRequirement, Question

from . import services
from .chain import awaiting
from .models import EventAction, EvidenceItem, EvidenceRevision, ItemStatus
from .selectors import (
    cycles_progress,
    items_readable_by,
    queue_counts,
    verifier_queue,
)

STATUS_ERRORS = {"invalid_choice": _("Status bukti tidak dikenal.")}
FILE_ERRORS = {
    "invalid": _("Kirim berkas sebagai multipart/form-data pada bidang file."),
    "no_name": _("Nama berkas tidak dapat dibaca."),
    "empty": _("Berkas yang dikirim kosong."),
}
DOWNLOAD_NAME = "api-evidence-revision-download"


# --- Reads ----------------------------------------------------------------------------


def _for_output(items: QuerySet[EvidenceItem], user, *, detail: bool = False) -> QuerySet:
    """Everything the item serializers read, in a fixed number of queries."""
    revisions = EvidenceRevision.objects.select_related("stored_file", "created_by")
    items = items.select_related(
        "unit", "question", "requirement", "question__indicator__aspect__area"
    ).annotate(awaits_you=Exists(awaiting(user).filter(pk=OuterRef("pk"))))
    if detail:
        return items.prefetch_related(
            Prefetch("revisions", queryset=revisions.order_by("-number")),
            Prefetch("history", queryset=StateChange.objects.select_related("actor")),
        )
    return items.prefetch_related(
        Prefetch("revisions", queryset=revisions.filter(is_current=True), to_attr="current")
    )


def _item_or_404(user, pk) -> EvidenceItem:
    return get_or_404(items_readable_by(user), pk=pk)


def _revision_or_404(user, pk) -> EvidenceRevision:
    return get_or_404(
        EvidenceRevision.objects.select_related("stored_file"),
        pk=pk,
        item__in=items_readable_by(user),
    )


# --- Output ---------------------------------------------------------------------------


class EvidenceRevisionSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(
        source="display_name", read_only=True, allow_null=True, default=None
    )
    size = serializers.IntegerField(
        source="stored_file.size",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("Ukuran berkas dalam bita; null untuk tautan."),
    )
    content_type = serializers.CharField(
        source="stored_file.content_type", read_only=True, allow_null=True, default=None
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("Alamat unduh berkas (mendukung Range); null untuk tautan.")
    )
    created_by_name = serializers.CharField(source="created_by.full_name", read_only=True)

    class Meta:
        model = EvidenceRevision
        fields = [
            "id",
            "number",
            "is_current",
            "file_name",
            "size",
            "content_type",
            "download_url",
            "url",
            "note",
            "created_by",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_download_url(self, obj) -> str | None:
        if obj.stored_file_id is None:
            return None
        path = reverse(DOWNLOAD_NAME, args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class EvidenceEventSerializer(serializers.Serializer):
    """One step of the item's history (``EvidenceItem.events``)."""

    action = serializers.ChoiceField(choices=EventAction.choices, read_only=True)
    action_label = serializers.SerializerMethodField(
        help_text=_("Mis. “Diverifikasi tingkat 1 dari 3” (satu tingkat, bukan status akhir).")
    )
    level = serializers.SerializerMethodField(help_text=_("Tingkat verifikasi (mulai 1)."))
    level_name = serializers.CharField(read_only=True)
    revision = serializers.IntegerField(source="revision_id", read_only=True, allow_null=True)
    actor = serializers.IntegerField(source="actor_id", read_only=True, allow_null=True)
    actor_name = serializers.CharField(source="actor.full_name", read_only=True, default=None)
    comment = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def get_level(self, obj) -> int | None:
        return None if obj.level is None else obj.level + 1

    def get_action_label(self, obj) -> str:
        return obj.action_text()


class EvidenceItemSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    area = serializers.CharField(source="area_code", read_only=True)
    area_name = serializers.CharField(source="question.indicator.aspect.area.name", read_only=True)
    question = serializers.CharField(source="question.code", read_only=True)
    question_id = serializers.IntegerField(read_only=True)
    requirement_name = serializers.CharField(
        source="requirement.name", read_only=True, allow_null=True, default=None
    )
    # A plain string in the schema: the same choice set named twice (list and detail
    # components) would need an ENUM_NAME_OVERRIDES entry.
    status = serializers.CharField(
        read_only=True, help_text=_("draft, in_verification, returned, verified atau withdrawn.")
    )
    status_label = serializers.CharField(
        source="status_text",
        read_only=True,
        help_text=_(
            "“Terverifikasi” hanya bila semua tingkat lolos; selama verifikasi "
            "“Menunggu <tingkat> (n dari N)”."
        ),
    )
    level = serializers.SerializerMethodField(
        help_text=_("Tingkat verifikasi yang sedang berjalan (mulai 1); null di luar verifikasi.")
    )
    levels = serializers.SerializerMethodField(
        help_text=_("Jumlah tingkat rantai verifikasi (ditetapkan saat diajukan; 0 sebelumnya).")
    )
    level_name = serializers.SerializerMethodField()
    awaits_you = serializers.BooleanField(
        read_only=True, help_text=_("true: tingkat saat ini menunggu verifikasi Anda.")
    )
    current_revision = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceItem
        fields = [
            "id",
            "cycle",
            "unit",
            "unit_code",
            "unit_name",
            "area",
            "area_name",
            "question",
            "question_id",
            "requirement",
            "requirement_name",
            "title",
            "status",
            "status_label",
            "level",
            "levels",
            "level_name",
            "awaits_you",
            "current_revision",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "verified_at",
        ]
        read_only_fields = fields

    def get_level(self, obj) -> int | None:
        return obj.chain_position[0] if obj.status == ItemStatus.IN_VERIFICATION else None

    def get_levels(self, obj) -> int:
        return obj.chain_position[1]

    def get_level_name(self, obj) -> str:
        if obj.status != ItemStatus.IN_VERIFICATION or obj.level >= len(obj.chain):
            return ""
        return obj.chain[obj.level]["name"]

    @extend_schema_field(EvidenceRevisionSerializer(allow_null=True))
    def get_current_revision(self, obj):
        prefetched = getattr(obj, "current", None)
        if prefetched is None:  # the detail prefetches every revision
            prefetched = [r for r in obj.revisions.all() if r.is_current]
        return (
            EvidenceRevisionSerializer(prefetched[0], context=self.context).data
            if prefetched
            else None
        )


class EvidenceItemDetailSerializer(EvidenceItemSerializer):
    chain = serializers.SerializerMethodField(
        help_text=_("Nama tingkat rantai verifikasi, berurutan.")
    )
    revisions = EvidenceRevisionSerializer(many=True, read_only=True)
    events = EvidenceEventSerializer(many=True, read_only=True)

    class Meta(EvidenceItemSerializer.Meta):
        fields = [*EvidenceItemSerializer.Meta.fields, "chain", "revisions", "events"]
        read_only_fields = fields

    def get_chain(self, obj) -> list[str]:
        return [step["name"] for step in obj.chain]


class EvidenceQueueCountSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_code = serializers.CharField(source="unit__code")
    unit_name = serializers.CharField(source="unit__name")
    area = serializers.CharField(source="area_code")
    count = serializers.IntegerField()


class EvidenceQueueSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EvidenceItemSerializer(many=True)
    counts = EvidenceQueueCountSerializer(
        many=True, help_text=_("Semua bukti yang menunggu Anda, per unit dan area.")
    )


class ChecklistProgressSerializer(serializers.Serializer):
    entries = serializers.IntegerField(help_text=_("Jumlah dokumen checklist."))
    satisfied = serializers.IntegerField(help_text=_("Dokumen dengan bukti terverifikasi."))
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)


class AreaChecklistProgressSerializer(ChecklistProgressSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class QuestionChecklistProgressSerializer(ChecklistProgressSerializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    area = serializers.CharField()


class EvidenceCompletenessSerializer(serializers.Serializer):
    cycle = serializers.IntegerField()
    total = ChecklistProgressSerializer()
    areas = AreaChecklistProgressSerializer(many=True)
    questions = QuestionChecklistProgressSerializer(many=True)


# --- Input ----------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class VisibleCycleField(serializers.PrimaryKeyRelatedField):
    """A cycle id of a unit the requesting user can see; any other id reads as "not found"."""

    default_error_messages = {
        "required": _("Bidang ini harus diisi."),
        "does_not_exist": _("Siklus ZI tidak ditemukan."),
        "incorrect_type": _("Id siklus harus berupa angka."),
    }

    def get_queryset(self):
        return cycles_visible_to(self.context["request"].user)


class PageQuery(InputSerializer):
    page = serializers.IntegerField(required=False, help_text=_("Nomor halaman."))
    page_size = serializers.IntegerField(
        required=False, help_text=_("Jumlah per halaman (paling banyak 500).")
    )


class EvidenceItemListQuery(InputSerializer):
    cycle = VisibleCycleField(required=False)
    question = text_field(required=False, help_text=_("Kode pertanyaan LKE (mis. PPA1A)."))
    status = serializers.ChoiceField(
        choices=ItemStatus.choices, required=False, error_messages=STATUS_ERRORS
    )


class EvidenceContentInput(InputSerializer):
    file = serializers.FileField(
        required=False,
        error_messages=FILE_ERRORS,
        help_text=_("Berkas bukti (multipart); isi file atau url, tidak keduanya."),
    )
    url = optional_text_field(max_length=1000, help_text=_("Tautan http(s) sebagai bukti."))


class EvidenceAddInput(EvidenceContentInput):
    cycle = VisibleCycleField()
    question = text_field(max_length=20, help_text=_("Kode pertanyaan LKE siklus (mis. PPA1A)."))
    requirement = serializers.IntegerField(
        required=False,
        allow_null=True,
        error_messages={"invalid": _("Id dokumen checklist harus berupa angka.")},
        help_text=_("Id dokumen checklist pertanyaan ini (opsional)."),
    )
    title = optional_text_field(max_length=255, help_text=_("Kosong: nama berkas atau tautan."))

    def validate(self, data):
        """Resolve the question code and the checklist entry within the cycle's LKE."""
        cycle = data["cycle"]
        try:
            data["question"] = Question.objects.select_related("indicator__aspect__area").get(
                version_id=cycle.template_id, code=data["question"]
            )
        except Question.DoesNotExist:
            raise serializers.ValidationError(
                {
                    "question": gettext("Pertanyaan %(code)s tidak ada di LKE siklus ini.")
                    % {"code": data["question"]}
                }
            ) from None
        requirement = data.get("requirement")
        if requirement is not None:
            try:
                data["requirement"] = EvidenceRequirement.objects.get(
                    pk=requirement, question__version_id=cycle.template_id
                )
            except EvidenceRequirement.DoesNotExist:
                raise serializers.ValidationError(
                    {"requirement": gettext("Dokumen checklist tidak ditemukan.")}
                ) from None
        return data


class EvidenceRevisionInput(EvidenceContentInput):
    note = optional_text_field(max_length=500, help_text=_("Apa yang diperbaiki."))


class EvidenceVerifyInput(InputSerializer):
    comment = optional_text_field(max_length=4000)


class EvidenceReturnInput(InputSerializer):
    comment = optional_text_field(
        max_length=4000, help_text=_("Wajib: apa yang harus diperbaiki unit.")
    )


class EvidenceWithdrawInput(InputSerializer):
    reason = optional_text_field(max_length=4000, help_text=_("Wajib: alasan penarikan."))


def _content(request, data: dict) -> dict:
    """The file (or link) of an upload; a file the upload handler cut off says why."""
    try:
        uploaded_file(request, "file")
    except FileRefused as exc:
        if exc.code != "missing":
            raise
    uploaded = data.get("file")
    return {"uploaded": uploaded, "url": "" if uploaded else data.get("url", "")}


# --- Views ----------------------------------------------------------------------------


class UploadingViewSet(viewsets.GenericViewSet):
    def initialize_request(self, request, *args, **kwargs):
        # Before DRF (or its CSRF check) parses the body: files go to a temporary file,
        # hashed on the way, one chunk in memory at a time.
        use_hashing_upload_handlers(request)
        return super().initialize_request(request, *args, **kwargs)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class EvidenceItemViewSet(UploadingViewSet):
    """Evidence items of the units the user can see (assessors: verified items only).
    Unit staff upload and submit; verifiers verify or return at their level."""

    permission_classes = [HasTenant]
    serializer_class = EvidenceItemSerializer
    queryset = EvidenceItem.objects.none()  # for the schema only; every action builds its own

    def _detail(self, pk, status_code=status.HTTP_200_OK) -> Response:
        user = self.request.user
        item = get_or_404(_for_output(items_readable_by(user), user, detail=True), pk=pk)
        context = {"request": self.request}
        return Response(
            EvidenceItemDetailSerializer(item, context=context).data, status=status_code
        )

    @extend_schema(parameters=[EvidenceItemListQuery], responses=EvidenceItemSerializer(many=True))
    def list(self, request):
        query = parse(EvidenceItemListQuery, request, data=request.query_params)
        items = items_readable_by(request.user)
        for field, lookup in (
            ("cycle", "cycle"),
            ("question", "question__code"),
            ("status", "status"),
        ):
            if field in query:
                items = items.filter(**{lookup: query[field]})
        page = self.paginate_queryset(_for_output(items, request.user))
        data = EvidenceItemSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(responses=EvidenceItemDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._detail(_item_or_404(request.user, pk).pk)

    @extend_schema(
        request={"multipart/form-data": EvidenceAddInput},
        responses={201: EvidenceItemDetailSerializer},
    )
    def create(self, request):
        """Add a draft item holding one file (multipart) or one link."""
        data = parse(EvidenceAddInput, request)
        item = services.evidence_add(
            actor=request.user,
            cycle=data["cycle"],
            question=data["question"],
            requirement=data.get("requirement"),
            title=data.get("title", ""),
            **_content(request, data),
        )
        return self._detail(item.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": EvidenceRevisionInput},
        responses={201: EvidenceItemDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def revisions(self, request, pk=None):
        """A new revision of a draft or returned item (a returned item becomes a draft)."""
        item = _item_or_404(request.user, pk)
        data = parse(EvidenceRevisionInput, request)
        services.evidence_revise(
            actor=request.user, item=item, note=data.get("note", ""), **_content(request, data)
        )
        return self._detail(item.pk, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EvidenceItemDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft into the verification chain (fixed now, from level 1)."""
        item = _item_or_404(request.user, pk)
        services.evidence_submit(actor=request.user, item=item)
        return self._detail(item.pk)

    @extend_schema(request=EvidenceVerifyInput, responses=EvidenceItemDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verify at the current level (only its verifiers: 403 otherwise)."""
        item = _item_or_404(request.user, pk)
        data = parse(EvidenceVerifyInput, request)
        services.evidence_verify(actor=request.user, item=item, comment=data.get("comment", ""))
        return self._detail(item.pk)

    @extend_schema(request=EvidenceReturnInput, responses=EvidenceItemDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_item(self, request, pk=None):
        """Return to the unit with a comment; a new revision restarts the chain."""
        item = _item_or_404(request.user, pk)
        data = parse(EvidenceReturnInput, request)
        services.evidence_return(actor=request.user, item=item, comment=data.get("comment", ""))
        return self._detail(item.pk)

    @extend_schema(request=EvidenceWithdrawInput, responses=EvidenceItemDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the item (its history stays)."""
        item = _item_or_404(request.user, pk)
        data = parse(EvidenceWithdrawInput, request)
        services.evidence_withdraw(actor=request.user, item=item, reason=data.get("reason", ""))
        return self._detail(item.pk)


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """A download answers with the file's own type whatever ``Accept`` asks for; only its
    error bodies are rendered (as JSON)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class EvidenceRevisionViewSet(viewsets.GenericViewSet):
    permission_classes = [HasTenant]
    queryset = EvidenceRevision.objects.none()  # for the schema only

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Seluruh berkas.")
            ),
            (206, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Rentang yang diminta (header Range).")
            ),
        }
    )
    @action(detail=True, methods=["get"], content_negotiation_class=AnyAcceptNegotiation)
    def download(self, request, pk=None):
        """The revision's file (``?unduh=1``: as an attachment). Honours one ``Range``."""
        revision = _revision_or_404(request.user, pk)
        if revision.stored_file is None:  # a link: nothing stored to send
            raise Http404
        return serve_stored_file(
            request,
            revision.stored_file,
            as_attachment=request.GET.get("unduh") == "1",
            name=revision.display_name,
        )


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class QueueView(APIView):
    """Items whose current verification level awaits the user, oldest submission first,
    and how many await them per unit and area."""

    permission_classes = [HasTenant]

    # An APIView, not a list action: drf-spectacular would wrap the whole answer (items
    # and counts) in another page envelope.
    @extend_schema(parameters=[PageQuery], responses=EvidenceQueueSerializer)
    def get(self, request):
        items = _for_output(verifier_queue(request.user), request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(items, request, view=self)
        response = paginator.get_paginated_response(
            EvidenceItemSerializer(page, many=True, context={"request": request}).data
        )
        response.data["counts"] = EvidenceQueueCountSerializer(
            queue_counts(request.user), many=True
        ).data
        return response


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class CompletenessViewSet(viewsets.GenericViewSet):
    permission_classes = [HasTenant]
    queryset = Cycle.objects.none()  # for the schema only
    lookup_url_kwarg = "cycle_id"

    @extend_schema(responses=EvidenceCompletenessSerializer)
    @action(detail=True, methods=["get"])
    def completeness(self, request, cycle_id=None):
        """Checklist completeness: documents with verified evidence, in total, per area
        and per question."""
        cycle = get_cycle_for_user(request.user, cycle_id)
        progress = cycles_progress([cycle])[cycle.pk]
        areas = Area.objects.filter(version_id=cycle.template_id).order_by(
            "component__order", "order", "pk"
        )
        questions = (
            Question.objects.filter(version_id=cycle.template_id)
            .order_by(
                "indicator__aspect__area__component__order",
                "indicator__aspect__area__order",
                "indicator__aspect__order",
                "indicator__order",
                "order",
            )
            .values_list("pk", "code", "indicator__aspect__area__code")
        )

        def row(p, **extra) -> dict:
            return {"entries": p.entries, "satisfied": p.satisfied, "percent": p.percent, **extra}

        data = {
            "cycle": cycle.pk,
            "total": row(progress.total),
            "areas": [
                row(progress.areas[a.code], code=a.code, name=a.name)
                for a in areas
                if a.code in progress.areas
            ],
            "questions": [
                row(progress.questions[pk], id=pk, code=code, area=area)
                for pk, code, area in questions
                if pk in progress.questions
            ],
        }
        return Response(EvidenceCompletenessSerializer(data).data)
