"""Reads of identifications, scoped to the units the user may see, in fixed query counts."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from apps.core import workflow
from apps.core.access import Capability, reaches, units_where
from apps.core.models import StateChange
from apps.cycles.models import Cycle
from apps.cycles.selectors import get_cycle_for_user
from apps.units.letterhead import unit_organisation

from .checks import MIN_SERVICE_USERS, missing_items
from .models import EventAction, Identification, ServiceUser, Status


def identifications_visible_to(user, grants=None) -> QuerySet[Identification]:
    """``grants``: ``user``'s roles already read (``apps.core.access.grants_of``): the
    same rows, by the ids and paths of their units instead of a subquery."""
    if not user.is_authenticated:
        return Identification.objects.none()
    users = (
        ServiceUser.objects.filter(cycle_id=OuterRef("cycle_id"))
        .order_by()
        .values("cycle_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    visible = (
        grants.where(Capability.UNIT_VIEW)
        if grants is not None
        else Q(unit__in=units_where(user, Capability.UNIT_VIEW).values("pk"))
    )
    return (
        Identification.objects.filter(visible)
        .select_related("cycle", "unit", "decided_by")
        .annotate(service_users=Coalesce(Subquery(users), 0))
    )


def awaiting_decision(user, grants=None) -> QuerySet[Identification]:
    """Submitted identifications that ``user`` may decide (``identification.decide``: a
    Penilai TPU role reaches the unit and no role in the unit or below it; one query).
    ``grants``: as for ``identifications_visible_to``."""
    if not user.is_authenticated:
        return Identification.objects.none()
    decides = (
        grants.where(Capability.IDENTIFICATION_DECIDE)
        if grants is not None
        else reaches(user, Capability.IDENTIFICATION_DECIDE)
    )
    return (
        identifications_visible_to(user, grants)
        .filter(status=Status.SUBMITTED)
        .filter(decides)
        .order_by("submitted_at", "id")
    )


def cycle_and_identification(user, cycle_pk) -> tuple[Cycle, Identification | None]:
    """The cycle (404 when ``user`` may not see it) and its identification, if opened."""
    cycle = get_cycle_for_user(user, cycle_pk)
    identification = (
        Identification.objects.filter(tenant_id=cycle.tenant_id, cycle=cycle)
        .select_related("decided_by", "report_file")
        .first()
    )
    if identification is not None:
        identification.cycle = cycle
        identification.unit = cycle.unit
    return cycle, identification


def service_users_of(identification: Identification) -> QuerySet[ServiceUser]:
    return ServiceUser.objects.filter(
        tenant_id=identification.tenant_id, cycle_id=identification.cycle_id
    ).order_by("finished_on", "name", "id")


def history_of(identification: Identification) -> list[StateChange]:
    """The identification's workflow history, oldest first, as the page shows it: each
    step's label, the TPU's note and what it found missing."""
    history = list(workflow.history_of(identification).select_related("actor"))
    for event in history:
        event.action = event.transition
        event.action_label = (
            EventAction(event.transition).label
            if event.transition in EventAction.values
            else event.transition
        )
        event.note = event.reason
        event.missing_items = event.data.get("missing_items", [])
    return history


def _yes_no(value) -> str:
    if value is None:
        return "–"
    return _("Ada") if value else _("Tidak ada")


def _percent(value) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",") + " %"


def unit_info_rows(identification: Identification) -> list[dict]:
    """FRM-03 part B as rows: number, item, value, remark."""
    year = identification.cycle.year
    pk = ", ".join(f"{year - i}: {_yes_no(getattr(identification, f'pk_y{i}'))}" for i in (1, 2, 3))
    realisation = ", ".join(
        f"{year - i}: {_percent(getattr(identification, f'realisation_y{i}'))}" for i in (1, 2)
    )
    return [
        {
            "label": _("Persentase pelaporan LHKAN."),
            "value": _percent(identification.lhkan_percent),
            "remark": "",
        },
        {
            "label": _("Persentase Tindak Lanjut Hasil Pemeriksaan APIP dan BPK."),
            "value": _percent(identification.tlhp_percent),
            "remark": "",
        },
        {
            "label": _("Hasil Evaluasi SAKIP tahun %(year)s.") % {"year": year - 1},
            "value": identification.sakip_grade or "–",
            "remark": _("Hasil tahun lalu (y-1) minimal B."),
        },
        {
            "label": _("Perjanjian Kinerja."),
            "value": pk,
            "remark": _("Sasaran, indikator dan target kinerja dalam PK (3 tahun terakhir)."),
        },
        {
            "label": _("Capaian realisasi kinerja terhadap target kinerja utama (%)."),
            "value": realisation,
            "remark": _("Persentase realisasi kinerja tahun (y-1) dan (y-2)."),
        },
    ]


def report_context(identification: Identification) -> dict:
    users = list(service_users_of(identification))
    return {
        "identification": identification,
        "cycle": identification.cycle,
        "unit": identification.unit,
        "organisation": unit_organisation(identification.unit),
        "requirements": identification.requirement_rows(),
        "info_rows": unit_info_rows(identification),
        "service_users": users,
        "decided_by": identification.decided_by,
        "missing": missing_items(identification, len(users)),
        "min_service_users": MIN_SERVICE_USERS,
    }


def service_names_by_unit(units) -> dict[int, list[str]]:
    """The services the units' recorded service users used (FRM-03 part C), per unit id,
    each name once (spaces tidied, case ignored), alphabetical: what a unit's survey can
    start from. One query whatever the number of units."""
    rows = (
        ServiceUser.objects.filter(unit__in=units)
        .values_list("unit_id", "service")
        .distinct()
        .order_by("unit_id", "service")
    )
    names: dict[int, dict[str, str]] = {}
    for unit_id, service in rows:
        name = " ".join(service.split())
        if name:
            names.setdefault(unit_id, {}).setdefault(name.casefold(), name)
    return {unit_id: sorted(found.values(), key=str.casefold) for unit_id, found in names.items()}
