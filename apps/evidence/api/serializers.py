"""What the evidence endpoints answer: items, revisions, history steps, the queue and
checklist completeness."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import EventAction, EvidenceItem, EvidenceRevision, ItemStatus

DOWNLOAD_NAME = "api-evidence-revision-download"


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
        if not prefetched:
            return None
        # One revision serializer for the whole page: its fields are built once, not for
        # every item (a third of the list's time at 50 items).
        if not hasattr(self, "_revision_serializer"):
            self._revision_serializer = EvidenceRevisionSerializer(context=self.context)
        return self._revision_serializer.to_representation(prefetched[0])


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
