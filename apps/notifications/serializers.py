"""What the notifications API reads and answers: a person's notices (with whether each
may still link into its object), the unread count, and the e-mail preferences per kind."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.api import InputSerializer

from .kinds import EmailMode, Kind
from .models import Notification

MODE_ERRORS = {"invalid_choice": _("Pilihan e-mail tidak dikenal: immediate, digest atau off.")}


# --- Output ------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    """One notice. ``url`` is given only while ``can_open``: a notice about a unit the
    person can no longer read (role revoked), or of another agency than the active one,
    keeps its text and loses its way in."""

    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    tenant_code = serializers.CharField(
        source="tenant.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("Instansi pemberitahuan; kosong untuk pemberitahuan di luar instansi."),
    )
    read = serializers.SerializerMethodField(help_text=_("Sudah dibaca."))
    can_open = serializers.SerializerMethodField(
        help_text=_("Tautannya masih boleh dibuka oleh Anda di instansi aktif.")
    )
    url = serializers.SerializerMethodField(
        help_text=_("Alamat objeknya di portal; null bila tidak dapat dibuka (lihat can_open).")
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "url",
            "can_open",
            "tenant_code",
            "unit",
            "read",
            "read_at",
            "created_at",
        ]
        read_only_fields = fields

    def _openable(self, notification) -> bool:
        return notification.pk in self.context["openable"]

    def get_read(self, notification) -> bool:
        return notification.read_at is not None

    def get_can_open(self, notification) -> bool:
        return self._openable(notification)

    def get_url(self, notification) -> str | None:
        return notification.url if self._openable(notification) else None


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(
        help_text=_("Belum dibaca di instansi aktif (dan di luar instansi).")
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("Jumlah yang baru ditandai sudah dibaca."))


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField()
    email = serializers.ChoiceField(
        choices=EmailMode.choices, help_text=_("Pilihan Anda, atau bawaan jenisnya.")
    )
    default = serializers.ChoiceField(choices=EmailMode.choices)
    allowed = serializers.ListField(
        child=serializers.ChoiceField(choices=EmailMode.choices),
        help_text=_("Pilihan yang boleh: tidak lebih rendah dari batas bawah jenisnya."),
    )


# --- Input -------------------------------------------------------------------------------


class NotificationListQuery(InputSerializer):
    status = serializers.ChoiceField(
        choices=[("all", _("semua")), ("unread", _("belum dibaca"))],
        required=False,
        error_messages={"invalid_choice": _("Status harus all atau unread.")},
        help_text=_("unread: hanya yang belum dibaca."),
    )


def _mode_field():
    return serializers.ChoiceField(
        choices=EmailMode.choices,
        error_messages={
            **MODE_ERRORS,
            "required": _("Bidang ini harus diisi."),
            "null": _("Bidang ini harus diisi."),
        },
        help_text=_("E-mail untuk jenis ini: immediate, digest atau off."),
    )


class PreferencesInput(InputSerializer):
    """Per kind, the e-mail mode (PUT: every kind; PATCH: only the kinds to change)."""

    def get_fields(self):
        return {kind.value: _mode_field() for kind in Kind}

    def validate(self, data):
        initial = self.initial_data if isinstance(self.initial_data, dict) else {}
        unknown = sorted(str(key) for key in initial if key not in Kind.values)
        if unknown:
            raise serializers.ValidationError(
                {key: [gettext("Jenis pemberitahuan tidak dikenal.")] for key in unknown}
            )
        if not data:
            raise serializers.ValidationError(
                gettext("Kirim paling sedikit satu jenis pemberitahuan dengan pilihannya.")
            )
        return data
