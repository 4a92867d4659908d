"""The per-row report of an import: who is new, who was updated (and in what), who was
enrolled or already was, and which rows were not imported, and why."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QVBoxLayout, QWidget

from app.services.staff import ImportReport
from app.ui.models.import_problems_table_model import ImportProblemsTableModel
from app.ui.widgets import label, record_table

# Updated workers listed by name; beyond this the list says how many more.
MAX_UPDATES_LISTED = 8


class ImportReportDialog(QDialog):
    """Shows an :class:`ImportReport` of a staff list or (when it counts enrollments) a roster.

    Args:
        report: what the import did.
        enrolled: how many participants the group has now (rosters only).
    """

    def __init__(self, report: ImportReport, enrolled: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import report"))
        self.resize(760, 520)
        self.summary_label = label(self.tr(
            "{file}: {created} new, {updated} updated, {unchanged} unchanged; "
            "{problems} rows with problems.").format(
            file=report.path.name, created=report.created, updated=report.updated,
            unchanged=report.unchanged, problems=report.problem_rows),
            "subtitle", wrap=True)
        self.details_label = label("\n".join(self._details(report, enrolled)), wrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.details_label)
        if report.ignored_columns:
            layout.addWidget(label(self.tr("Columns not used: {columns}").format(
                columns=", ".join(report.ignored_columns)), "muted", wrap=True))
        self.model = ImportProblemsTableModel(self)
        self.model.set_rows(report.problems)
        self.table = record_table(self.model, self.tr("Rows not imported"),
                                  selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        if report.problems:
            layout.addWidget(label(self.tr("These rows were not imported; correct them in the file "
                                           "and import it again:"), wrap=True))
            layout.addWidget(self.table, 1)
        else:
            self.table.hide()
            layout.addWidget(label(self.tr("Every row was imported."), wrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)

    def _details(self, report: ImportReport, enrolled: int | None) -> list[str]:
        """One plain sentence per kind of outcome."""
        roster = report.enrolled is not None
        lines = [
            (self.tr("New people (on no staff list yet): {count}") if roster else
             self.tr("New to the staff list: {count}")).format(count=report.created),
            self.tr("Updated: {count}").format(count=report.updated),
        ]
        for update in report.updates[:MAX_UPDATES_LISTED]:
            lines.append(self.tr("    Row {row}, {name}: changed {fields}").format(
                row=update.row_number, name=update.name, fields=", ".join(update.fields)))
        if len(report.updates) > MAX_UPDATES_LISTED:
            lines.append(self.tr("    … and {count} more").format(
                count=len(report.updates) - MAX_UPDATES_LISTED))
        lines.append(self.tr("Already up to date: {count}").format(count=report.unchanged))
        if roster:
            lines.append(self.tr("Enrolled in the group now: {count}").format(count=report.enrolled))
            lines.append(self.tr("Already enrolled: {count}").format(count=report.already_enrolled))
        if enrolled is not None:
            lines.append(self.tr("{count} participants now on the roster.").format(count=enrolled))
        return lines
