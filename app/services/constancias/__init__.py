"""Constancias: issue, print, reprint, correct, revoke and verify (DESIGN §4).

The package splits the work by reason to change: :mod:`.issuer` (who signs),
:mod:`.issuing` (folio, snapshot, signature and PDF hash in one transaction
per constancia), :mod:`.printing` (PDFs from frozen snapshots), :mod:`.records`
(lists, lookups, revocation) and :mod:`.verification` (offline QR checks).
Callers import the public names from here.
"""

from app.services.constancias.issuer import Issuer, device_keys, register_local_device
from app.services.constancias.issuing import correct_constancia, issue_constancias
from app.services.constancias.printing import (
    Dc3Employer,
    default_branding,
    pdf_filename,
    print_constancias,
    print_dc3,
    reprint_constancia,
    safe_file_name,
    save_individual_pdfs,
    unit_employer,
)
from app.services.constancias.records import list_constancias, local_status, revoke_constancia
from app.services.constancias.values import (
    ConstanciaCheck,
    ConstanciaInfo,
    ConstanciaNotIssuable,
    IssueReport,
    LocalStatus,
    NotQualified,
)
from app.services.constancias.verification import known_public_keys, looks_like_constancia_qr, verify

__all__ = [
    "ConstanciaCheck", "ConstanciaInfo", "ConstanciaNotIssuable", "Dc3Employer", "IssueReport", "Issuer",
    "LocalStatus", "NotQualified", "correct_constancia", "default_branding", "device_keys",
    "issue_constancias", "known_public_keys", "list_constancias", "local_status", "looks_like_constancia_qr",
    "pdf_filename", "print_constancias", "print_dc3", "register_local_device", "reprint_constancia",
    "revoke_constancia", "safe_file_name", "save_individual_pdfs", "unit_employer", "verify",
]
