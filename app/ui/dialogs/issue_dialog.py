"""The summary after issuing constancias: how many, who already had one, who does not qualify and why."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from app.services.constancias import IssueReport
from app.ui.widgets import label, set_tone


class IssueSummaryDialog(QDialog):
    """Counts in large text and the reasons of those who got none.

    Args:
        report: what :func:`app.services.constancias.issue_constancias` returned.
    """

    def __init__(self, report: IssueReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("Constancias issued"))
        self.setMinimumWidth(640)
        self.headline_label = label(self.headline(), "feedback", wrap=True)
        set_tone(self.headline_label, "warn" if report.cancelled else "good")
        self.counts_label = label(self.counts_text(), wrap=True)
        lines = [self.tr("✗ {name}: {reasons}").format(name=p.name, reasons=p.reasons)
                 for p in report.not_qualified]
        lines += [self.tr("⚠ {name}: {reasons}").format(name=p.name, reasons=p.reasons)
                  for p in report.not_issuable]
        # Plain text wraps long reasons and can be copied into a message or a report.
        self.reasons_text = QPlainTextEdit("\n".join(lines))
        self.reasons_text.setReadOnly(True)
        self.reasons_text.setAccessibleName(self.tr("Who did not receive a constancia, and why"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline_label)
        layout.addWidget(self.counts_label)
        if lines:
            layout.addWidget(label(self.tr("Without a constancia:"), "subtitle"))
            layout.addWidget(self.reasons_text, 1)
        else:
            self.reasons_text.hide()
        layout.addWidget(buttons)

    def headline(self) -> str:
        if self.report.cancelled:
            return self.tr("Issuing was cancelled. The {count} constancias issued before "
                           "cancelling are valid; issue again to finish.").format(
                count=len(self.report.issued))
        return self.tr("✓ Issued {count} constancias.").format(count=len(self.report.issued))

    def counts_text(self) -> str:
        report = self.report
        lines = [
            self.tr("Issued now: {count}").format(count=len(report.issued)),
            self.tr("Already had a valid constancia: {count}").format(count=len(report.already_issued)),
            self.tr("Do not qualify: {count}").format(count=len(report.not_qualified)),
        ]
        if report.not_issuable:
            lines.append(self.tr("Could not be issued (texts too long for the QR): {count}").format(
                count=len(report.not_issuable)))
        return "\n".join(lines)
