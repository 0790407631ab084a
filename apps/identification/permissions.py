"""Who may do what with an identification, decided in SQL.

- the unit's own staff (Pimpinan Unit, Ketua Tim, Sekretaris, holding the role in the unit
  itself) fill the unit information and the service-user list and submit;
- a Penilai TPU whose role reaches the unit decides (returns or completes) – unless they
  hold any role in the unit itself: an assessor never assesses their own unit
  (DOMAIN.md §3, conflict of interest);
- everyone who sees the unit (``visible_units``) reads.
"""

from django.utils.translation import gettext as _

from apps.accounts.access import has_role_over
from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.core.exceptions import AccessDenied

UNIT_FILLERS = frozenset({Role.PIMPINAN_UNIT, Role.KETUA_TIM, Role.SEKRETARIS})
ASSESSOR_ROLES = frozenset({Role.PENILAI_TPU})


def can_fill(user, unit) -> bool:
    return user.is_authenticated and (
        RoleAssignment.objects.filter(user=user, unit=unit, role__in=sorted(UNIT_FILLERS)).exists()
    )


def is_assessor_over(user, unit) -> bool:
    return has_role_over(user, unit, ASSESSOR_ROLES)


def has_conflict(user, unit) -> bool:
    """Holds any role in the unit itself."""
    return user.is_authenticated and RoleAssignment.objects.filter(user=user, unit=unit).exists()


def require_filler(user, unit) -> None:
    if not can_fill(user, unit):
        raise AccessDenied(
            _(
                "Hanya Pimpinan Unit, Ketua Tim atau Sekretaris unit ini yang dapat mengisi identifikasi."
            )
        )


def require_assessor(user, unit) -> None:
    if not is_assessor_over(user, unit):
        raise AccessDenied(
            _("Hanya Penilai TPU yang menjangkau unit ini yang dapat memutuskan identifikasi.")
        )
    if has_conflict(user, unit):
        raise AccessDenied(
            _(
                "Anda memegang peran di unit ini, sehingga tidak boleh menilai identifikasinya "
                "(benturan kepentingan). Keputusan harus diambil Penilai TPU lain."
            )
        )
