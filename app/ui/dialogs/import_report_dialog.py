"""The per-row report of an import: what was imported and which rows were not, and why."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QVBoxLayout, QWidget)

from app.services.staff import ImportReport
from app.ui.models.import_problems_table_model import ImportProblemsTableModel
from app.ui.widgets import label, record_table


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, enrolled: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import report"))
        self.resize(760, 480)
        self.summary_label = label(self.tr(
            "{file}: {created} new, {updated} updated, {unchanged} unchanged; "
            "{problems} rows with problems.").format(
            file=report.path.name, created=report.created, updated=report.updated,
            unchanged=report.unchanged, problems=len({p.row_number for p in report.problems})),
            "subtitle", wrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        if enrolled is not None:
            layout.addWidget(label(self.tr("{count} participants now on the roster.").format(
                count=enrolled), wrap=True))
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
