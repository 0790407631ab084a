"""Who is told of an identification's steps (apps.notifications.events; imported by
``IdentificationConfig.ready``), per ``IDENTIFICATION_WORKFLOW``:

- submitted to the TPU: the Penilai TPU who may decide it (``identification.decide``:
  held at the unit or above it, and no role in the unit or below it: a conflicted
  assessor is not asked to decide);
- returned (with what is missing) or complete: the unit's people who fill it in
  (``identification.fill``: Pimpinan Unit, Ketua Tim, Sekretaris).

Each rule asks one query for its people; nobody is told of their own act.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.core.access import Capability, roles_of
from apps.notifications.events import on_transition
from apps.notifications.kinds import Kind
from apps.notifications.services import Notice, notify

from .models import EventAction, Identification


def identification_url(identification: Identification) -> str:
    """The identification's page: where the unit completes it and the TPU decides."""
    return reverse("identification:detail", args=[identification.cycle_id])


def decider_ids(identification: Identification):
    """The Penilai TPU who may decide ``identification`` (the inverse of
    ``can(…, identification.decide, unit)``; one query)."""
    unit = identification.unit
    conflicted = RoleAssignment.objects.filter(
        tenant_id=unit.tenant_id, user_id=OuterRef("user_id"), unit__path__startswith=unit.path
    )
    return (
        RoleAssignment.objects.filter(
            tenant_id=unit.tenant_id,
            role__in=sorted(roles_of(Capability.IDENTIFICATION_DECIDE)),
            unit__path__in=unit.ancestor_paths(include_self=True),
        )
        .filter(~Exists(conflicted))
        .values_list("user_id", flat=True)
        .distinct()
    )


def filler_ids(identification: Identification):
    """The unit's people who complete and submit it (``identification.fill`` reaches the
    unit itself; one query)."""
    return (
        RoleAssignment.objects.filter(
            tenant_id=identification.tenant_id,
            unit_id=identification.unit_id,
            role__in=sorted(roles_of(Capability.IDENTIFICATION_FILL)),
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


@on_transition(Identification, EventAction.SUBMIT)
def identification_submitted(identification: Identification, *, actor, **kwargs) -> None:
    notify(
        decider_ids(identification),
        Notice.about(
            identification,
            kind=Kind.IDENTIFICATION,
            title=_("Identifikasi %(unit)s diajukan dan menunggu keputusan Anda")
            % {"unit": identification.unit.name},
            url=identification_url(identification),
        ),
        exclude=actor,
    )


@on_transition(Identification, EventAction.RETURN)
def identification_returned(identification: Identification, *, actor, **kwargs) -> None:
    missing = [str(item) for item in identification.missing_items]
    notify(
        filler_ids(identification),
        Notice.about(
            identification,
            kind=Kind.IDENTIFICATION,
            title=_("Identifikasi %(unit)s dikembalikan TPU untuk dilengkapi: %(missing)s")
            % {"unit": identification.unit.name, "missing": "; ".join(missing)},
            body=_("Dikembalikan oleh %(name)s. Yang harus dilengkapi:\n%(missing)s")
            % {
                "name": getattr(actor, "full_name", ""),
                "missing": "\n".join(f"- {item}" for item in missing),
            },
            url=identification_url(identification),
        ),
        exclude=actor,
    )


@on_transition(Identification, EventAction.COMPLETE)
def identification_completed(identification: Identification, *, actor, **kwargs) -> None:
    notify(
        filler_ids(identification),
        Notice.about(
            identification,
            kind=Kind.IDENTIFICATION,
            title=_(
                "Identifikasi %(unit)s dinyatakan lengkap oleh TPU: unit menjadi Calon Unit Kerja"
            )
            % {"unit": identification.unit.name},
            url=identification_url(identification),
        ),
        exclude=actor,
    )
