"""/api/v1/assessments/{id}/hints/: what the portal's own records suggest for some LKE
questions of an assessment (``portal_facts``), read-only.

Readable by whoever reads the assessment (``get_assessment_for_user``: 404 for missing,
other agency and not yours alike). Nothing is written: a suggestion becomes an answer
only when an assessor saves it.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import TENANT_HEADER_PARAMETER, HasTenant

from . import portal_facts
from .selectors import get_assessment_for_user, stored_values

# An answer in the engine's form: an option code or a number (as a string or a number), or
# an object of count inputs for the computed % questions.
ANSWER_SCHEMA = {
    "oneOf": [
        {"type": "string"},
        {"type": "number"},
        {"type": "object", "additionalProperties": {"type": "integer"}},
    ],
    "nullable": True,
}


@extend_schema_field(ANSWER_SCHEMA)
class AnswerValueField(serializers.JSONField):
    pass


class HintLinkSerializer(serializers.Serializer):
    label = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text=_("Alamat halaman di portal."))


class HintSerializer(serializers.Serializer):
    question = serializers.CharField(source="code", read_only=True)
    figure = serializers.CharField(read_only=True, help_text=_("Apa yang tercatat di portal."))
    basis = serializers.CharField(read_only=True, help_text=_("Data yang dihitung, dan caranya."))
    suggestion = AnswerValueField(
        read_only=True, help_text=_("Jawaban yang disarankan; null: tidak ada saran.")
    )
    suggestion_label = serializers.CharField(read_only=True)
    stored_answer = AnswerValueField(
        read_only=True, help_text=_("Jawaban tersimpan saat ini (null: belum dijawab).")
    )
    matches_answer = serializers.BooleanField(read_only=True)
    links = HintLinkSerializer(many=True, read_only=True)


class HintsSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(read_only=True)
    as_of = serializers.DateField(
        read_only=True, help_text=_("Tanggal penilaian: data dihitung sampai hari ini.")
    )
    results = HintSerializer(many=True, read_only=True)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class AssessmentHintsView(APIView):
    """The "menurut data portal" hints of an assessment, in question order."""

    permission_classes = [HasTenant]

    @extend_schema(
        summary=_("Saran jawaban dari data portal"),
        description=_(
            "Untuk pertanyaan LKE yang datanya ada di portal (Tim Kerja, Rencana Kerja, "
            "realisasi kegiatan): angka, saran jawaban dan tautan ke datanya. Hanya baca; "
            "jawaban tidak pernah diubah."
        ),
        responses=HintsSerializer,
    )
    def get(self, request, pk):
        assessment = get_assessment_for_user(request.user, pk)
        hints = portal_facts.hints_for(assessment)
        stored = stored_values(assessment) if hints else {}
        order = portal_facts.question_order(assessment)
        results = []
        for code in sorted(hints, key=order.get):
            hint = hints[code]
            results.append(
                {
                    "code": code,
                    "figure": hint.figure,
                    "basis": hint.basis,
                    "suggestion": hint.suggestion,
                    "suggestion_label": hint.suggestion_label,
                    "stored_answer": stored.get(code),
                    "matches_answer": hint.matches(stored.get(code)),
                    "links": hint.links,
                }
            )
        data = {
            "assessment": assessment.pk,
            "as_of": portal_facts.as_of_date(assessment),
            "results": results,
        }
        return Response(HintsSerializer(data).data)
