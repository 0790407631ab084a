"""Pages of the declaration app: the charter of a cycle, the unit's roster and import,
an employee's history, and the integrity pact. Thin: access through the selectors (404
for anything the user cannot see), writes through ``services.py`` (403 for a wrong role)."""

from .charter import CharterView, DeclarationScanView, DeclarationView
from .pacts import MyPactView, PactPdfView, PactScanView, PactSignView, PactView
from .roster import (
    IMPORT_SESSION_KEY,
    EmployeeAddView,
    EmployeeView,
    PlacementEndView,
    RosterImportConfirmView,
    RosterImportView,
    RosterTemplateView,
    RosterView,
)

__all__ = [
    "IMPORT_SESSION_KEY",
    "CharterView",
    "DeclarationScanView",
    "DeclarationView",
    "EmployeeAddView",
    "EmployeeView",
    "MyPactView",
    "PactPdfView",
    "PactScanView",
    "PactSignView",
    "PactView",
    "PlacementEndView",
    "RosterImportConfirmView",
    "RosterImportView",
    "RosterTemplateView",
    "RosterView",
]
