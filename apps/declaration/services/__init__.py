"""Writes of the declaration app: the charter, the roster and the integrity pacts.

Who may write: the unit's Pimpinan Unit, Ketua Tim and Sekretaris, and Admin Instansi
over the unit (capability ``declaration.manage``). Signing a pact online: only the employee themself.
"""

from .charter import (
    charter_pdf_make,
    charter_pdf_store,
    declaration_attach_scan,
    declaration_missing,
    declaration_record,
    missing_message,
)
from .pact_pdf import PACT_PDF, pact_pdf_make, pact_pdf_store
from .pacts import is_own_employee, pact_record_scan, pact_sign, pact_statement
from .roster import employee_add, placement_end, roster_import

__all__ = [
    "PACT_PDF",
    "charter_pdf_make",
    "charter_pdf_store",
    "declaration_attach_scan",
    "declaration_missing",
    "declaration_record",
    "employee_add",
    "is_own_employee",
    "missing_message",
    "pact_pdf_make",
    "pact_pdf_store",
    "pact_record_scan",
    "pact_sign",
    "pact_statement",
    "placement_end",
    "roster_import",
]
