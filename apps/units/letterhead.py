"""The kop (letterhead) of a unit's documents: the lines every PDF of the portal prints at
the top of its first page (``templates/pdf/_kop.html``).

The kop names the agency, the Unit Organisasi (the Eselon I above the unit, FRM-03's
"Unit Organisasi"), the unit itself and its address, as the unit tree holds them. The
portal keeps no logo for an agency or a unit, so the kop is text only; rendering never
fetches anything but the portal's own static files (``apps.core.pdf``).
"""

from dataclasses import dataclass, field

from .models import Unit


@dataclass(frozen=True)
class Letterhead:
    agency: str
    organisation: str = ""
    unit: str = ""
    address_lines: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """The names, from the agency down, each once."""
        seen: list[str] = []
        for name in (self.agency, self.organisation, self.unit):
            if name and name.casefold() not in (s.casefold() for s in seen):
                seen.append(name)
        return seen


def unit_organisation(unit: Unit) -> Unit | None:
    """The Eselon I (depth 2) unit above ``unit``: FRM-03's "Unit Organisasi"; None for
    the agency's root and for an Eselon I itself."""
    if unit.depth <= 2:
        return None
    return Unit.objects.filter(tenant_id=unit.tenant_id, path=unit.path[: 2 * Unit.steplen]).first()


def letterhead(unit: Unit) -> Letterhead:
    """The kop of ``unit``'s documents (one query for the agency, one for the Eselon I)."""
    organisation = unit_organisation(unit)
    address = [" ".join(line.split()) for line in (unit.address or "").splitlines()]
    return Letterhead(
        agency=unit.tenant.name,
        organisation=organisation.name if organisation else "",
        unit="" if unit.is_tenant_root else unit.name,
        address_lines=[line for line in address if line],
    )
