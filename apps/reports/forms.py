"""Forms of the report pages: they parse, the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from apps.accounts.models import User
from apps.core.choices import Area
from apps.core.dates import MONTHS
from apps.core.forms import BootstrapFormMixin, CheckboxGroupWidget
from apps.evidence.models import EvidenceItem

from .models import AgentReportScope, FollowUp, Realised
from .selectors import unit_evidence, unit_people

ATTENDED = [("", _("— pilih —")), ("1", _("Ya, hadir")), ("0", _("Tidak hadir"))]


def _attended(value):
    return {"1": True, "0": False}.get(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text(label, rows=3, help_text="", max_length=8000):
    """An optional free-text part of a report, as a textarea of ``rows`` lines."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ReportForm(BootstrapFormMixin, forms.Form):
    """Sections A, D and E of FRM-04, written by the team."""

    meeting_on = forms.DateField(label=_("Tanggal rapat"), required=False, widget=DateInput())
    meeting_place = forms.CharField(label=_("Tempat"), required=False, max_length=200)
    meeting_agenda = forms.CharField(label=_("Agenda rapat"), required=False, max_length=300)
    meeting_chair = forms.CharField(label=_("Pimpinan rapat"), required=False, max_length=150)
    head_attended = forms.TypedChoiceField(
        label=_("Pimpinan Unit hadir dalam rapat?"),
        choices=ATTENDED,
        coerce=_attended,
        empty_value=None,
        required=False,
    )
    attendees = _text(
        _("Peserta rapat"), rows=4, help_text=_("Satu nama per baris."), max_length=4000
    )
    obstacles = _text(
        _("D. Hambatan dan kendala"),
        rows=3,
        help_text=_("Satu kendala per baris; kosong: tidak terdapat kendala."),
        max_length=4000,
    )
    conclusions = _text(
        _("E. Kesimpulan lain"),
        rows=3,
        help_text=_(
            "Satu kesimpulan per baris. Progres tindak lanjut (B) dan progres rencana kerja (C) "
            "ditulis portal sebagai kesimpulan a dan b."
        ),
        max_length=4000,
    )

    @classmethod
    def initial_of(cls, report) -> dict:
        initial = {name: getattr(report, name) for name in cls.base_fields}
        initial["head_attended"] = {True: "1", False: "0"}.get(report.head_attended, "")
        return initial


class AnnualForm(BootstrapFormMixin, forms.Form):
    """The narrative parts of the annual Laporan Pembangunan ZI, written by the team; the
    figures are compiled by the portal."""

    introduction = _text(
        _("I. Pendahuluan"), rows=5, help_text=_("Satu paragraf per baris."), max_length=8000
    )
    obstacles = _text(
        _("VII. Hambatan dan kendala"),
        rows=3,
        help_text=_("Satu paragraf per baris; kosong: tidak terdapat kendala."),
        max_length=4000,
    )
    conclusions = _text(_("VIII. Kesimpulan"), rows=3, max_length=4000)
    next_steps = _text(_("IX. Rencana tindak lanjut"), rows=3, max_length=4000)

    @classmethod
    def initial_of(cls, report) -> dict:
        return {name: getattr(report, name) for name in cls.base_fields}


def report_form_class(report):
    from .models import Kind

    return AnnualForm if report.kind == Kind.TAHUNAN else ReportForm


class NotesForm(BootstrapFormMixin, forms.Form):
    """The team's note per activity of section C (``note_<item id>``)."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"note_{row['id']}"] = forms.CharField(
                label=_("Catatan: %(action)s") % {"action": row["action"]},
                required=False,
                max_length=500,
                initial=row["note"],
            )

    def notes(self) -> dict[int, str]:
        return {row["id"]: self.cleaned_data.get(f"note_{row['id']}", "") for row in self.rows}


class RecommendationForm(BootstrapFormMixin, forms.Form):
    area = forms.ChoiceField(
        label=_("Area"), choices=[("", _("Umum (lintas area)")), *Area.choices], required=False
    )
    text = forms.CharField(
        label=_("Rekomendasi"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    pic = SafeModelChoiceField(
        label=_("PIC (penanggung jawab)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— pilih pegawai unit —"),
    )
    target_on = forms.DateField(label=_("Target waktu"), required=False, widget=DateInput())

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pic"].queryset = unit_people(unit_id)
        self.fields["text"].required = False  # the service says what is missing, in one go


class FollowUpForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status tindak lanjut"), choices=FollowUp.choices)
    follow_up = _text(_("Tindak lanjut rekomendasi"), rows=3, max_length=2000)
    evidence_note = forms.CharField(
        label=_("Bukti dokumen tindak lanjut"),
        help_text=_("Mis. undangan, notulensi, daftar hadir, dokumentasi."),
        required=False,
        max_length=500,
    )
    evidence = SafeModelMultipleChoiceField(
        label=_("Bukti dukung di portal"),
        queryset=EvidenceItem.objects.none(),
        required=False,
        widget=CheckboxGroupWidget(filter=True),
    )

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = unit_evidence(unit_id)
        self.fields["evidence"].label_from_instance = lambda item: item.title


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DraftForm(BootstrapFormMixin, forms.Form):
    month = forms.TypedChoiceField(
        label=_("Bulan"),
        choices=[(str(i), name) for i, name in enumerate(MONTHS, start=1)],
        coerce=int,
    )


# --- FRM-05: the change agents' forms ---------------------------------------------------------

YES_NO = [("1", _("Ya")), ("0", _("Tidak"))]


class RealisationForm(BootstrapFormMixin, forms.Form):
    """Plan vs actual of one item of the Rencana Aksi in one month (FRM-05 G.2)."""

    status = forms.ChoiceField(
        label=_("Realisasi"), choices=[("", _("— pilih —")), *Realised.choices]
    )
    note = _text(
        _("Catatan"),
        rows=2,
        help_text=_("Wajib bila belum terealisasi penuh: apa yang terjadi dan rencana lanjutnya."),
        max_length=2000,
    )
    evidence = forms.TypedMultipleChoiceField(
        label=_("Bukti dukung unit"),
        coerce=int,
        required=False,
        widget=CheckboxGroupWidget(filter=True),
    )

    def __init__(self, *args, evidence_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The unit's evidence, read once for every form of the page.
        self.fields["evidence"].choices = evidence_choices

    @staticmethod
    def initial_of(record) -> dict:
        if record is None:
            return {}
        return {
            "status": record.status,
            "note": record.note,
            "evidence": [e.pk for e in record.evidence.all()],
        }


class ChangeForm(BootstrapFormMixin, forms.Form):
    """The change an item brought (FRM-05 G.4) and whether it is integrated (LKE PRA1B)."""

    before = _text(_("Kondisi sebelum perubahan"), rows=2)
    after = _text(_("Kondisi sesudah perubahan"), rows=2)
    integrated = forms.TypedChoiceField(
        label=_("Sudah terintegrasi ke dalam sistem manajemen?"),
        choices=YES_NO,
        coerce=lambda value: value == "1",
        initial="0",
    )

    @staticmethod
    def initial_of(change) -> dict:
        if change is None:
            return {"integrated": "0"}
        return {
            "before": change.before,
            "after": change.after,
            "integrated": "1" if change.integrated else "0",
        }


class AgentTextsForm(BootstrapFormMixin, forms.Form):
    """The agents' own parts of an FRM-05 draft (the rest the portal writes)."""

    background = _text(_("A. Latar belakang"), rows=4)
    purpose = _text(_("B. Maksud dan tujuan"), rows=3)
    scope = _text(_("C. Ruang lingkup"), rows=3)
    obstacles = _text(_("Hambatan dan kendala"), help_text=_("Kosong: tidak terdapat kendala."))
    agent_recommendations = _text(_("Rekomendasi"))

    @classmethod
    def initial_of(cls, report) -> dict:
        return {name: getattr(report, name) for name in cls.base_fields}


class AgentSettingsForm(BootstrapFormMixin, forms.Form):
    """The agency's FRM-05 setting (Admin Instansi)."""

    scope = forms.ChoiceField(
        label=_("Laporan triwulan disusun"),
        choices=AgentReportScope.choices,
    )
    background = _text(_("A. Latar belakang (teks awal)"), rows=5)
    purpose = _text(_("B. Maksud dan tujuan (teks awal)"), rows=4)
    scope_text = _text(_("C. Ruang lingkup (teks awal)"), rows=4)

    @classmethod
    def initial_of(cls, setting) -> dict:
        return {name: getattr(setting, name) for name in cls.base_fields}
