"""The stages of a ZI cycle and which change leads where: plain data, no database.

The main line is DOMAIN.md §4: pencanangan → identifikasi → pembangunan → penilaian
pendahuluan → usulan ke TPI → evaluasi TPI → usulan ke TPN, then the national decision
(ditetapkan / tidak ditetapkan) and, for a predicate revoked later, dicabut.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core import badges


class Stage(models.TextChoices):
    PENCANANGAN = "pencanangan", _("Pencanangan")
    IDENTIFIKASI = "identifikasi", _("Identifikasi")
    PEMBANGUNAN = "pembangunan", _("Pembangunan")
    PENILAIAN_PENDAHULUAN = "penilaian_pendahuluan", _("Penilaian pendahuluan")
    USULAN_TPI = "usulan_tpi", _("Usulan ke TPI")
    EVALUASI_TPI = "evaluasi_tpi", _("Evaluasi TPI")
    USULAN_TPN = "usulan_tpn", _("Usulan ke TPN")
    DITETAPKAN = "ditetapkan", _("Ditetapkan")
    TIDAK_DITETAPKAN = "tidak_ditetapkan", _("Tidak ditetapkan")
    DICABUT = "dicabut", _("Dicabut")


MAIN_LINE: tuple[str, ...] = (
    Stage.PENCANANGAN,
    Stage.IDENTIFIKASI,
    Stage.PEMBANGUNAN,
    Stage.PENILAIAN_PENDAHULUAN,
    Stage.USULAN_TPI,
    Stage.EVALUASI_TPI,
    Stage.USULAN_TPN,
)
OUTCOMES: tuple[str, ...] = (Stage.DITETAPKAN, Stage.TIDAK_DITETAPKAN, Stage.DICABUT)

badges.register(
    Stage,
    {
        **dict.fromkeys(MAIN_LINE, "text-bg-primary"),
        Stage.DITETAPKAN: "text-bg-success",
        Stage.TIDAK_DITETAPKAN: "text-bg-danger",
        Stage.DICABUT: "text-bg-danger",
    },
)

FORWARD = "forward"
BACK = "back"

# Forward moves: one step along the main line, then the decision. TPI may already stop a
# unit (evaluasi_tpi → tidak_ditetapkan); only a granted predicate can be revoked.
_FORWARD: dict[str, tuple[str, ...]] = {
    **{stage: (MAIN_LINE[i + 1],) for i, stage in enumerate(MAIN_LINE[:-1])},
    Stage.EVALUASI_TPI: (Stage.USULAN_TPN, Stage.TIDAK_DITETAPKAN),
    Stage.USULAN_TPN: (Stage.DITETAPKAN, Stage.TIDAK_DITETAPKAN),
    Stage.DITETAPKAN: (Stage.DICABUT,),
    Stage.TIDAK_DITETAPKAN: (),
    Stage.DICABUT: (),
}


def back_stage(stage: str, came_from: str | None = None) -> str | None:
    """The one stage a correction may return to, or None (the first stage).

    "Tidak ditetapkan" is reached from two stages; it returns to the one it came from
    (``came_from``, read from the log by the caller).
    """
    if stage in MAIN_LINE:
        i = MAIN_LINE.index(stage)
        return MAIN_LINE[i - 1] if i else None
    if stage == Stage.TIDAK_DITETAPKAN:
        return (
            came_from if came_from in (Stage.EVALUASI_TPI, Stage.USULAN_TPN) else Stage.USULAN_TPN
        )
    if stage == Stage.DITETAPKAN:
        return Stage.USULAN_TPN
    if stage == Stage.DICABUT:
        return Stage.DITETAPKAN
    return None


def next_stages(stage: str, came_from: str | None = None) -> list[tuple[str, str]]:
    """Every stage reachable from ``stage`` in one change, as (stage, FORWARD or BACK)."""
    moves = [(to, FORWARD) for to in _FORWARD.get(stage, ())]
    back = back_stage(stage, came_from)
    if back is not None:
        moves.append((back, BACK))
    return moves


def move_kind(stage: str, to_stage: str, came_from: str | None = None) -> str | None:
    """FORWARD, BACK, or None when the change is not allowed."""
    return dict(next_stages(stage, came_from)).get(to_stage)


def stage_reached(stage: str, minimum: str) -> bool:
    """Whether a cycle at ``stage`` has reached ``minimum`` on the main line (or gone
    past it). The national decisions (ditetapkan, tidak ditetapkan, dicabut) come after
    the whole main line: a cycle there has reached every stage of it."""
    if minimum not in MAIN_LINE:
        raise ValueError(f"not a main-line stage: {minimum!r}")
    if stage in OUTCOMES:
        return True
    return stage in MAIN_LINE and MAIN_LINE.index(stage) >= MAIN_LINE.index(minimum)
