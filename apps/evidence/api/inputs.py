"""What the evidence endpoints read: query strings and request bodies, checked by
serializers (400 with the error body when invalid)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import InputSerializer, optional_text_field, text_field
from apps.cycles.selectors import cycles_visible_to
from apps.files.checks import FileRefused
from apps.files.upload import uploaded_file
from apps.lke.models import EvidenceRequirement, Question

from ..models import ItemStatus

STATUS_ERRORS = {"invalid_choice": _("Status bukti tidak dikenal.")}
FILE_ERRORS = {
    "invalid": _("Kirim berkas sebagai multipart/form-data pada bidang file."),
    "no_name": _("Nama berkas tidak dapat dibaca."),
    "empty": _("Berkas yang dikirim kosong."),
}


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


def upload_content(request, data: dict) -> dict:
    """The file (or link) of an upload; a file the upload handler cut off says why."""
    try:
        uploaded_file(request, "file")
    except FileRefused as exc:
        if exc.code != "missing":
            raise
    uploaded = data.get("file")
    return {"uploaded": uploaded, "url": "" if uploaded else data.get("url", "")}
