"""/api/v1/lke/templates/: read the LKE template versions and score answer sets.

Templates are national regulations, the same for every agency: any signed-in
person reads the published and retired versions (drafts: operators only), with
no X-Tenant header. The score endpoint takes the body of ``manage.py
lke_score`` and answers its JSON object; nothing is stored.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import InputSerializer
from apps.lke.engine import InvalidAnswers, score
from apps.lke.engine.files import ScoreInputError, check_document

from .models import TemplateVersion
from .selectors import (
    cached_document,
    engine_template,
    get_template_version_for_user,
    visible_template_versions,
)

EXAMPLE_BODY = {
    "answers": {
        "PPA1A": "Ya",
        "PPA1B": "B",
        "PRA1A": {"agents": 4, "changes": 3},
        "HBA": 3.7,
        "HBB": "B",
        "HPA": 3.5,
    },
    "holds_wbk": False,
}


class TemplateVersionSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TemplateVersion
        fields = [
            "code",
            "name",
            "legal_basis",
            "status",
            "status_display",
            "note",
            "question_count",
            "updated_at",
        ]
        read_only_fields = fields


class ScoreInput(InputSerializer):
    """Documents the body; validation is the engine's (the same as ``lke_score``)."""

    answers = serializers.DictField(
        help_text=gettext_lazy(
            "Kode pertanyaan → jawaban: kode pilihan ('A', 'Ya'), angka untuk Nilai dan "
            "Persen, atau objek masukan hitungan untuk % dihitung. Yang tidak ada bernilai 0."
        )
    )
    holds_wbk = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Unit sudah berpredikat WBK.")
    )


def _invalid(message: str, fields: dict | None = None) -> serializers.ValidationError:
    return serializers.ValidationError({"non_field_errors": [message], **(fields or {})})


class TemplateVersionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TemplateVersionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9][a-z0-9._-]*"

    def get_queryset(self):
        return visible_template_versions(self.request.user)

    @extend_schema(
        summary=gettext_lazy("Seluruh isi satu versi template"),
        responses={200: OpenApiTypes.OBJECT},
        description=gettext_lazy(
            "Dokumen template lengkap dalam format berkas fixtures/lke/*.json: komponen, area, "
            "aspek, indikator, pertanyaan (pilihan, masukan hitungan, panduan, bukti dukung), "
            "tipe jawaban, aturan predikat."
        ),
    )
    def retrieve(self, request, code=None):
        version = get_template_version_for_user(request.user, code)
        return Response(cached_document(version))

    @extend_schema(
        summary=gettext_lazy("Hitung nilai LKE satu set jawaban"),
        request=ScoreInput,
        responses={200: OpenApiTypes.OBJECT},
        examples=[OpenApiExample("Contoh", value=EXAMPLE_BODY, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def score(self, request, code=None):
        version = get_template_version_for_user(request.user, code)
        try:
            answers, holds_wbk = check_document(request.data)
            result = score(engine_template(version), answers, holds_wbk)
        except ScoreInputError as exc:
            raise _invalid(str(exc)) from exc
        except InvalidAnswers as exc:
            by_question: dict[str, list[str]] = {}
            for error in exc.errors:
                by_question.setdefault(error.question or "answers", []).append(error.message)
            message = _("Jawaban tidak sah (%(n)d masalah).") % {"n": len(exc.errors)}
            raise _invalid(message, {"answers": by_question}) from exc
        return Response(result.to_dict(detail=request.query_params.get("detail") == "1"))
