"""Forms only parse; the services validate (and their errors land on these fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin

from .models import REQUIREMENTS, SakipGrade

YES_NO = [("", _("– belum diisi –")), ("1", _("Ada")), ("0", _("Tidak ada"))]
MET = [("", _("– belum diperiksa –")), ("1", _("Terpenuhi")), ("0", _("Belum terpenuhi"))]


def tri_state(value: str):
    """ "1"/"0"/"" as True/False/None; anything else is passed on for the service to refuse."""
    return {"1": True, "0": False, "": None}.get(value, value)


def tri_initial(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _percent_field(label, help_text=None):
    return forms.CharField(
        label=label,
        required=False,
        max_length=20,
        help_text=help_text or _("0–100, paling banyak dua angka di belakang koma (mis. 97,50)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


REALISATION_HELP = _(
    "0–1000: lebih dari 100 bila target terlampaui (mis. 112,50); paling banyak dua angka "
    "di belakang koma."
)


class UnitInfoForm(BootstrapFormMixin, forms.Form):
    lhkan_percent = _percent_field(_("Persentase pelaporan LHKAN (%)"))
    tlhp_percent = _percent_field(_("Persentase tindak lanjut hasil pemeriksaan APIP dan BPK (%)"))
    # Selects that do not validate their choice here: the service reports every field's
    # error at once, with its own message.
    sakip_grade = forms.CharField(
        label=_("Nilai SAKIP tahun lalu (y-1)"),
        required=False,
        widget=forms.Select(choices=[("", _("– belum diisi –")), *SakipGrade.choices]),
    )
    pk_y1 = forms.CharField(label="", required=False, widget=forms.Select(choices=YES_NO))
    pk_y2 = forms.CharField(label="", required=False, widget=forms.Select(choices=YES_NO))
    pk_y3 = forms.CharField(label="", required=False, widget=forms.Select(choices=YES_NO))
    realisation_y1 = _percent_field("", REALISATION_HELP)
    realisation_y2 = _percent_field("", REALISATION_HELP)
    unit_note = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        for i in (1, 2, 3):
            self.fields[f"pk_y{i}"].label = _("Perjanjian Kinerja tahun %(year)s") % {
                "year": year - i
            }
        for i in (1, 2):
            self.fields[f"realisation_y{i}"].label = _(
                "Capaian realisasi kinerja utama tahun %(year)s (%%)"
            ) % {"year": year - i}

    @classmethod
    def initial_from(cls, identification) -> dict:
        def percent(value):
            return "" if value is None else f"{value:.2f}".replace(".", ",")

        return {
            "lhkan_percent": percent(identification.lhkan_percent),
            "tlhp_percent": percent(identification.tlhp_percent),
            "sakip_grade": identification.sakip_grade,
            **{f"pk_y{i}": tri_initial(getattr(identification, f"pk_y{i}")) for i in (1, 2, 3)},
            **{
                f"realisation_y{i}": percent(getattr(identification, f"realisation_y{i}"))
                for i in (1, 2)
            },
            "unit_note": identification.unit_note,
        }

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        for i in (1, 2, 3):
            data[f"pk_y{i}"] = tri_state(data[f"pk_y{i}"])
        return data


def _requirement_fields() -> dict:
    fields = {}
    for prefix, label in REQUIREMENTS:
        fields[prefix] = forms.ChoiceField(label=label, required=False, choices=MET)
        fields[f"{prefix}_note"] = forms.CharField(
            label=_("Keterangan"), required=False, max_length=500
        )
    return fields


class _DecisionFormBase(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Catatan TPU untuk unit"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila mengembalikan tanpa kekurangan yang terhitung otomatis."),
    )

    @classmethod
    def initial_from(cls, identification) -> dict:
        # The note belongs to one decision: a new decision starts without the last one's.
        data = {}
        for prefix, _label in REQUIREMENTS:
            data[prefix] = tri_initial(getattr(identification, prefix))
            data[f"{prefix}_note"] = getattr(identification, f"{prefix}_note")
        return data

    def requirements(self) -> dict:
        return {p: tri_state(self.cleaned_data[p]) for p, _l in REQUIREMENTS}

    def notes(self) -> dict:
        return {p: self.cleaned_data[f"{p}_note"] for p, _l in REQUIREMENTS}


# FRM-03 part A: one answer and one remark per requirement, then the TPU's note.
DecisionForm = type(
    "DecisionForm",
    (_DecisionFormBase,),
    {**_requirement_fields(), "field_order": [*_requirement_fields(), "note"]},
)


class ServiceUserForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama pengguna layanan"), max_length=200, required=False)
    service = forms.CharField(label=_("Jenis layanan"), max_length=200, required=False)
    finished_on = forms.CharField(
        label=_("Tanggal selesai layanan"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    phone = forms.CharField(
        label=_("No. telp./WA"),
        max_length=30,
        required=False,
        help_text=_(
            "Nomor HP 10–13 angka (08…) atau telepon dengan kode wilayah 9–12 angka; "
            "disimpan sebagai +62…"
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(label=_("Alamat e-mail"), max_length=254, required=False)


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar pengguna layanan (.xlsx atau .csv)"),
        error_messages={
            "required": _("Pilih berkas .xlsx atau .csv."),
            "empty": _("Berkas kosong."),
        },
    )
