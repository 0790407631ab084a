"""The people pickers of the teams (apps.core.pickers): a Tim Kerja member is one of the
unit's roster (value ``e<employee id>``, may still need an account) or another active user
of the agency (``u<user id>``); an Agen Perubahan is an active user of the agency. The forms
validate against the same sources the search endpoints (``teams:pick_member``,
``teams:pick_agent``) answer from."""

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.pickers import PickerSource

PLACEHOLDER = _("Ketik nama, NIP atau e-mail")


def person_label(user) -> str:
    return f"{user.full_name} ({user.nip or user.email})"


def roster_label(placement) -> str:
    employee = placement.employee
    label = f"{employee.name} (NIP {employee.nip}) – {placement.position}"
    if employee.user_id is None:
        label += " · " + gettext("belum punya akun, akan diundang")
    return label


def people_source(people: QuerySet, **kwargs) -> PickerSource:
    return PickerSource(
        queryset=people, search=("full_name", "email"), nip="nip", label=person_label, **kwargs
    )


def member_sources(roster: QuerySet, people: QuerySet) -> list[PickerSource]:
    """``roster``: the unit's current placements; ``people``: the agency's active users
    (those on the roster are offered there, not twice)."""
    on_roster = roster.filter(employee__user__isnull=False).values("employee__user_id")
    return [
        PickerSource(
            queryset=roster,
            search=("employee__name", "position"),
            nip="employee__nip",
            label=roster_label,
            group=_("Daftar pegawai unit ini"),
            prefix="e",
            key="employee_id",
        ),
        people_source(
            people.exclude(pk__in=on_roster), group=_("Pengguna lain di instansi"), prefix="u"
        ),
    ]


def agent_sources(people: QuerySet) -> list[PickerSource]:
    return [people_source(people)]
