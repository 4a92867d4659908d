"""Documentos: the group's constancias (folio, name, status) and the documents of the group.

Issuing, saving, printing and every other job that renders PDFs runs through
the task runner with a progress dialog that can be cancelled; the GUI thread
only lists rows and paints pages already rendered.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ConstanciaStatus
from app.services import constancias, groups
from app.services.constancias import ConstanciaInfo, IssueReport
from app.services.context import Context
from app.ui import document_tasks, errors, formatting
from app.ui.dialogs.issue_dialog import IssueSummaryDialog
from app.ui.dialogs.pdf_preview_dialog import PdfPreviewDialog
from app.ui.dialogs.reason_dialog import ReasonDialog
from app.ui.dialogs.saved_files_dialog import SavedFilesDialog
from app.ui.errors import KnownError
from app.ui.models.base import ROW_ROLE
from app.ui.models.constancias_table_model import ConstanciasTableModel
from app.ui.pdf_printing import letter_printer
from app.ui.tasks import Task, TaskRunner
from app.ui.widgets import button, label, record_table, set_enabled_with_reason, set_tone, show_error

logger = logging.getLogger(__name__)


class DocumentsView(QWidget):
    """Issued constancias and the actions on them.

    Signals:
        constancias_changed(): constancias were issued, corrected or revoked.
    """

    constancias_changed = Signal()

    def __init__(self, ctx: Context, group_id: uuid.UUID, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.tasks = tasks
        self.group_code = ""
        self.task: Task | None = None
        self.last_report: IssueReport | None = None
        self.last_saved: list[Path] = []
        self.progress_dialog: QProgressDialog | None = None
        self.summary_dialog: IssueSummaryDialog | None = None
        self.preview_dialog: PdfPreviewDialog | None = None
        self.reason_dialog: ReasonDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self.saved_dialog: SavedFilesDialog | None = None
        self.printer: QPrinter | None = None
        self._print_pdfs: list[bytes] = []
        self.printed_pages = 0
        self._progress_title = ""

        self.summary_label = label("", "subtitle")
        self.feedback_label = label("", "feedback", wrap=True)
        self.feedback_label.hide()
        self.issue_button = button(self.tr("Issue constancias"), "check", shortcut="Ctrl+Shift+E",
                                   primary=True,
                                   tooltip=self.tr("Issue a constancia to everyone who qualifies "
                                                   "and has none yet"))
        self.issue_button.clicked.connect(self.issue_constancias)
        self.print_all_button = button(self.tr("Print all…"), "list", shortcut="Ctrl+P",
                                       tooltip=self.tr("Print every valid constancia on Letter paper"))
        self.print_all_button.clicked.connect(self.print_all)
        self.save_pdf_button = button(self.tr("Save PDF…"), "import", shortcut="Ctrl+S",
                                      tooltip=self.tr("Save every valid constancia in one PDF file"))
        self.save_pdf_button.clicked.connect(self.open_save_pdf_dialog)
        self.save_each_button = button(self.tr("One PDF per person…"), "import",
                                       tooltip=self.tr("Save a file “FOLIO - Name.pdf” per valid "
                                                       "constancia into a folder"))
        self.save_each_button.clicked.connect(self.open_save_each_dialog)
        self.sign_in_button = button(self.tr("Sign-in sheet"), "list",
                                     tooltip=self.tr("Printable attendance list of a session"))
        self.sign_in_menu = QMenu(self)
        self.sign_in_button.setMenu(self.sign_in_menu)
        self.report_button = button(self.tr("Group report…"), "results",
                                    tooltip=self.tr("Save the group's report as PDF"))
        self.report_button.clicked.connect(self.open_group_report_dialog)

        self.preview_button = button(self.tr("Preview"), "info", shortcut="Ctrl+Shift+P",
                                     tooltip=self.tr("Show the selected constancia"))
        self.preview_button.clicked.connect(self.preview_selected)
        self.reprint_button = button(self.tr("Reprint…"), "list",
                                     tooltip=self.tr("Print the selected constancias again"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.correct_button = button(self.tr("Correct…"), "edit",
                                     tooltip=self.tr("Issue a corrected constancia with the current "
                                                     "data; the old one becomes superseded"))
        self.correct_button.clicked.connect(self.request_correct)
        self.revoke_button = button(self.tr("Revoke…"), "cross",
                                    tooltip=self.tr("Revoke the selected constancia (the record stays)"))
        self.revoke_button.clicked.connect(self.request_revoke)

        self.model = ConstanciasTableModel(self)
        self.table = record_table(self.model, self.tr("Constancias of the group"),
                                  selection=QAbstractItemView.SelectionMode.ExtendedSelection,
                                  stretch_column=ConstanciasTableModel.NAME)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.empty_label = label(self.tr(
            "No constancias have been issued yet. When the course is over, check the results and "
            "press “Issue constancias”: only those who qualify receive one."), "empty", wrap=True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.table)

        # Two rows that fit a 1366-pixel laptop screen: the group's documents, then the selection's.
        top = QHBoxLayout()
        top.addWidget(self.summary_label)
        top.addStretch(1)
        for widget in (self.issue_button, self.print_all_button, self.save_pdf_button,
                       self.save_each_button):
            top.addWidget(widget)
        selection = QHBoxLayout()
        selection.addWidget(label(self.tr("Selected:"), "muted"))
        for widget in (self.preview_button, self.reprint_button, self.correct_button,
                       self.revoke_button):
            selection.addWidget(widget)
        selection.addStretch(1)
        selection.addWidget(self.sign_in_button)
        selection.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.feedback_label)
        layout.addLayout(selection)
        layout.addWidget(self.stack, 1)
        self._update_actions()

    # -- data ---------------------------------------------------------------
    def reload(self) -> list[ConstanciaInfo]:
        """Re-read the group's constancias (every status) and its sessions."""
        detail = groups.get_group(self.ctx, self.group_id)
        self.group_code = detail.summary.code
        self._build_sign_in_menu([(s.index, s.date) for s in detail.sessions])
        rows = constancias.list_constancias(self.ctx, self.group_id, include_inactive=True)
        self.model.set_rows(rows)
        valid = sum(1 for r in rows if r.status is ConstanciaStatus.VALID)
        self.summary_label.setText(self.tr("{valid} valid constancias").format(valid=valid))
        self.stack.setCurrentWidget(self.table if rows else self.empty_label)
        self._update_actions()
        return rows

    def _build_sign_in_menu(self, sessions: list[tuple[int, Any]]) -> None:
        self.sign_in_menu.clear()
        for index, day in sessions:
            action = self.sign_in_menu.addAction(self.tr("Session {number} · {date}…").format(
                number=index, date=formatting.date_text(day)))
            action.triggered.connect(lambda _=False, i=index: self.open_sign_in_sheet_dialog(i))

    def selected_rows(self) -> list[ConstanciaInfo]:
        """The selected constancias, in table order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def select_folio(self, folio: str) -> None:
        """Select the row of ``folio`` (and only it)."""
        for number, row in enumerate(self.model.rows()):
            if row.folio == folio:
                self.table.selectRow(number)
                self.table.setCurrentIndex(self.model.index(number, 0))
                return

    @Slot()
    def _update_actions(self) -> None:
        busy = self.task is not None and not self.task.done
        rows = self.selected_rows()
        has_valid = any(r.status is ConstanciaStatus.VALID for r in self.model.rows())
        printable = [r for r in rows if r.status is not ConstanciaStatus.REVOKED]
        one = rows[0] if len(rows) == 1 else None
        wait = self.tr("Wait until the current task finishes")
        set_enabled_with_reason(self.issue_button, not busy, wait)
        no_valid = self.tr("There are no valid constancias yet: issue them first")
        for widget in (self.print_all_button, self.save_pdf_button, self.save_each_button):
            set_enabled_with_reason(widget, has_valid and not busy, wait if busy else no_valid)
        set_enabled_with_reason(self.sign_in_button, not busy, wait)
        set_enabled_with_reason(self.report_button, not busy, wait)
        if busy:
            preview = reprint = correct = revoke = wait
        else:
            preview = (self.tr("A revoked constancia is not shown again") if one is not None
                       else self.tr("Select one constancia to preview it"))
            reprint = (self.tr("Revoked constancias are not printed again") if rows
                       else self.tr("Select the constancias to reprint"))
            correct = (self.tr("Only a valid constancia can be corrected") if one is not None
                       else self.tr("Select one valid constancia to correct it"))
            revoke = (self.tr("This constancia is already revoked") if one is not None
                      else self.tr("Select one constancia to revoke it"))
        not_revoked = one is not None and one.status is not ConstanciaStatus.REVOKED
        set_enabled_with_reason(self.preview_button, not_revoked and not busy, preview)
        set_enabled_with_reason(self.reprint_button,
                                bool(printable) and len(printable) == len(rows) and not busy, reprint)
        set_enabled_with_reason(self.correct_button,
                                one is not None and one.status is ConstanciaStatus.VALID and not busy, correct)
        set_enabled_with_reason(self.revoke_button, not_revoked and not busy, revoke)

    def _feedback(self, text: str, tone: str | None) -> None:
        self.feedback_label.setText(text)
        set_tone(self.feedback_label, tone)
        self.feedback_label.setVisible(bool(text))

    # -- background jobs ------------------------------------------------------
    def _start(self, function: Callable[..., Any], *args: Any, name: str, text: str,
               on_result: Callable[[Any], None], cancellable: bool = True,
               with_ctx: bool = True) -> Task | None:
        """Run ``function([ctx,] *args)`` through the task runner behind a progress dialog."""
        if self.task is not None and not self.task.done:
            return None
        if with_ctx:
            args = (self.ctx, *args)
        self.task = self.tasks.submit(function, *args, name=name)
        self._progress_title = text
        self.progress_dialog = QProgressDialog(text, self.tr("Cancel") if cancellable else "", 0, 0,
                                               self)
        self.progress_dialog.setWindowTitle(self.tr("Documents"))
        self.progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress_dialog.setAutoClose(False)
        self.progress_dialog.setAutoReset(False)
        self.progress_dialog.setMinimumDuration(0)
        if cancellable:
            self.progress_dialog.canceled.connect(self._on_progress_dialog_canceled)
        else:
            self.progress_dialog.setCancelButton(None)
        self.progress_dialog.show()
        task = self.task
        task.progress.connect(self._on_task_progress)
        task.result.connect(on_result)
        task.error.connect(self._on_task_error)
        task.cancelled.connect(self._on_task_cancelled)
        task.finished.connect(self._on_task_finished)
        self._update_actions()
        return task

    @Slot()
    def _on_progress_dialog_canceled(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
            self.progress_dialog.setLabelText(self.tr("Cancelling after the current document…"))

    @Slot(int, int, str)
    def _on_task_progress(self, done: int, total: int, text: str) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        dialog.setMaximum(total)
        dialog.setValue(done)
        if total and not (self.task is not None and self.task.context.cancelled):
            line = self.tr("{done} of {total}").format(done=done, total=total)
            dialog.setLabelText(f"{self._progress_title}\n{line}" + (f" · {text}" if text else ""))

    @Slot(object)
    def _on_task_error(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            exc = KnownError(self.tr("The file could not be written: {error}").format(error=exc))
        if not errors.is_expected(exc):
            raise exc
        self._feedback(errors.user_message(exc), "bad")
        show_error(self, exc)

    @Slot()
    def _on_task_cancelled(self) -> None:
        self._feedback(self.tr("Cancelled. What was already finished is complete."), "warn")

    @Slot()
    def _on_task_finished(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.hide()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self._update_actions()

    # -- issue ----------------------------------------------------------------
    @Slot()
    def issue_constancias(self) -> Task | None:
        """Issue constancias in the background; a summary opens at the end."""
        title = self.tr("Issuing constancias…")
        task = self._start(document_tasks.issue_task, self.group_id, name="issue_constancias",
                           text=title, on_result=self._on_issue_result)
        return task

    @Slot(object)
    def _on_issue_result(self, report: IssueReport) -> None:
        self.last_report = report
        self.reload()
        tone = "warn" if report.cancelled else "good"
        self._feedback(self.tr("Issued now: {issued} · already had one: {already} · "
                               "do not qualify: {not_qualified}").format(
            issued=len(report.issued), already=len(report.already_issued),
            not_qualified=len(report.not_qualified)), tone)
        self.summary_dialog = IssueSummaryDialog(report, self)
        self.summary_dialog.open()
        if report.issued:
            self.constancias_changed.emit()

    # -- save -----------------------------------------------------------------
    @Slot()
    def open_save_pdf_dialog(self) -> QFileDialog:
        self.file_dialog = self._save_dialog(self.tr("Save constancias"),
                                             self.tr("Constancias {group}.pdf").format(group=self.group_code))
        self.file_dialog.fileSelected.connect(lambda path: self.save_combined_pdf(Path(path)))
        self.file_dialog.open()
        return self.file_dialog

    def _save_dialog(self, title: str, file_name: str) -> QFileDialog:
        dialog = QFileDialog(self, title)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF documents (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(constancias.safe_file_name(file_name.removesuffix(".pdf")) + ".pdf")
        return dialog

    def save_combined_pdf(self, path: Path) -> Task | None:
        """Write every valid constancia into ``path`` (one PDF) in the background."""
        return self._start(document_tasks.combined_pdf_task, self.group_id, path,
                           name="save_constancias", text=self.tr("Saving {file}…").format(file=path.name),
                           on_result=lambda p: self._saved([p]), cancellable=False)

    @Slot()
    def open_save_each_dialog(self) -> QFileDialog:
        self.file_dialog = QFileDialog(self, self.tr("Folder for the constancias"))
        self.file_dialog.setFileMode(QFileDialog.FileMode.Directory)
        self.file_dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self.file_dialog.fileSelected.connect(lambda path: self.save_per_person(Path(path)))
        self.file_dialog.open()
        return self.file_dialog

    def save_per_person(self, folder: Path) -> Task | None:
        """Write ``FOLIO - Nombre.pdf`` per valid constancia into ``folder`` in the background."""
        title = self.tr("Saving one PDF per person…")
        task = self._start(document_tasks.save_each_task, self.group_id, folder,
                           name="save_each_constancia", text=title,
                           on_result=lambda paths: self._saved(paths, folder))
        return task

    @Slot(object)
    def _saved(self, paths: list[Path], folder: Path | None = None) -> None:
        self.last_saved = list(paths)
        folder = folder or (paths[0].parent if paths else None)
        if len(paths) == 1:
            text = self.tr("Saved {file}.").format(file=paths[0])
        else:
            text = self.tr("Saved {count} files in {folder}.").format(count=len(paths), folder=folder or "")
        self._feedback(text, "good")
        if paths:
            self.saved_dialog = SavedFilesDialog(paths, folder, self)
            self.saved_dialog.open()

    # -- other documents --------------------------------------------------------
    def open_sign_in_sheet_dialog(self, session_index: int) -> QFileDialog:
        self.file_dialog = self._save_dialog(
            self.tr("Save sign-in sheet"),
            self.tr("Sign-in sheet {group} session {number}.pdf").format(group=self.group_code,
                                                                          number=session_index))
        self.file_dialog.fileSelected.connect(
            lambda path: self.save_sign_in_sheet(session_index, Path(path)))
        self.file_dialog.open()
        return self.file_dialog

    def save_sign_in_sheet(self, session_index: int, path: Path) -> Task | None:
        return self._start(document_tasks.sign_in_sheet_task, self.group_id, session_index, path,
                           name="sign_in_sheet", text=self.tr("Saving {file}…").format(file=path.name),
                           on_result=lambda p: self._saved([p]), cancellable=False)

    @Slot()
    def open_group_report_dialog(self) -> QFileDialog:
        self.file_dialog = self._save_dialog(
            self.tr("Save group report"), self.tr("Group report {group}.pdf").format(group=self.group_code))
        self.file_dialog.fileSelected.connect(lambda path: self.save_group_report(Path(path)))
        self.file_dialog.open()
        return self.file_dialog

    def save_group_report(self, path: Path) -> Task | None:
        return self._start(document_tasks.group_report_task, self.group_id, path,
                           name="group_report", text=self.tr("Saving {file}…").format(file=path.name),
                           on_result=lambda p: self._saved([p]), cancellable=False)

    # -- preview and print --------------------------------------------------------
    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None and row.status is not ConstanciaStatus.REVOKED:
            self.select_folio(row.folio)
            self.preview_selected()

    @Slot()
    def preview_selected(self) -> Task | None:
        """Re-render the selected constancia in the background, then show it."""
        rows = self.selected_rows()
        if len(rows) != 1 or rows[0].status is ConstanciaStatus.REVOKED:
            return None
        info = rows[0]
        return self._start(document_tasks.reprint_task, [info.id], name="preview_constancia",
                           text=self.tr("Preparing the preview…"),
                           on_result=lambda pdfs: self._show_preview(info, pdfs[0]), cancellable=False)

    def _show_preview(self, info: ConstanciaInfo, data: bytes) -> None:
        self.preview_dialog = PdfPreviewDialog(data, f"{info.folio} — {info.worker_name}", self)
        self.preview_dialog.open()

    @Slot()
    def print_all(self) -> Task | None:
        """Render the group's valid constancias in the background, then ask for the printer."""
        return self._start(document_tasks.combined_pdf_task, self.group_id, None, name="print_constancias",
                           text=self.tr("Preparing the constancias to print…"),
                           on_result=lambda data: self.open_print_dialog([data]), cancellable=False)

    @Slot()
    def reprint_selected(self) -> Task | None:
        rows = [r for r in self.selected_rows() if r.status is not ConstanciaStatus.REVOKED]
        if not rows:
            return None
        title = self.tr("Preparing the constancias to print…")
        task = self._start(document_tasks.reprint_task, [r.id for r in rows], name="reprint_constancias",
                           text=title, on_result=self.open_print_dialog)
        return task

    def open_print_dialog(self, pdfs: list[bytes]) -> QPrintDialog:
        """Ask for the printer (Letter) for PDFs already rendered; printing then runs in the background."""
        self.prepare_print(pdfs)
        self.printer = letter_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
        self.print_dialog = QPrintDialog(self.printer, self)
        self.print_dialog.accepted.connect(lambda: self.print_prepared(self.printer))
        # QPrintDialog.open() takes a receiver in PySide6; this is what QDialog.open() does.
        self.print_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.print_dialog.show()
        return self.print_dialog

    def prepare_print(self, pdfs: list[bytes]) -> None:
        """Keep rendered PDFs for :meth:`print_prepared`."""
        self._print_pdfs = list(pdfs)

    def print_prepared(self, printer: QPrinter) -> Task | None:
        """Paint the prepared PDFs' pages on ``printer`` in the background (page by page, cancellable)."""
        return self._start(document_tasks.print_task, self._print_pdfs, printer, name="print_pdfs",
                           text=self.tr("Printing…"), on_result=self._on_printed, with_ctx=False)

    @Slot(object)
    def _on_printed(self, pages: int) -> None:
        self.printed_pages = pages
        self._feedback(self.tr("Sent {pages} pages to the printer.").format(pages=pages), "good")

    # -- correct and revoke ---------------------------------------------------------
    @Slot()
    def request_correct(self) -> ReasonDialog | None:
        rows = self.selected_rows()
        if len(rows) != 1 or rows[0].status is not ConstanciaStatus.VALID:
            return None
        info = rows[0]
        self.reason_dialog = ReasonDialog(
            self.tr("Correct constancia"),
            self.tr("A new constancia with a new folio will be issued for {name} with the current data "
                    "of the person and the course; {folio} becomes superseded.").format(
                name=info.worker_name, folio=info.folio),
            self.tr("Issue correction"), self.tr("E.g. the name was misspelled"), parent=self)
        self.reason_dialog.accepted.connect(lambda: self.correct(info.id, self.reason_dialog.reason()))
        self.reason_dialog.open()
        return self.reason_dialog

    def correct(self, constancia_id: uuid.UUID, reason: str) -> Task | None:
        return self._start(document_tasks.correct_task, constancia_id, reason, name="correct_constancia",
                           text=self.tr("Issuing the correction…"), on_result=self._on_corrected,
                           cancellable=False)

    @Slot(object)
    def _on_corrected(self, info: ConstanciaInfo) -> None:
        self.reload()
        self.select_folio(info.folio)
        self._feedback(self.tr("Issued {folio} for {name}.").format(folio=info.folio,
                                                                     name=info.worker_name), "good")
        self.constancias_changed.emit()

    @Slot()
    def request_revoke(self) -> ReasonDialog | None:
        rows = self.selected_rows()
        if len(rows) != 1 or rows[0].status is ConstanciaStatus.REVOKED:
            return None
        info = rows[0]
        self.reason_dialog = ReasonDialog(
            self.tr("Revoke constancia"),
            self.tr("Constancia {folio} of {name} will no longer be valid: anyone who verifies it "
                    "will see that it was revoked, with the reason. This cannot be undone.").format(
                folio=info.folio, name=info.worker_name),
            self.tr("Revoke constancia"), self.tr("E.g. issued by mistake"), destructive=True,
            parent=self)
        self.reason_dialog.accepted.connect(lambda: self.revoke(info.id, self.reason_dialog.reason()))
        self.reason_dialog.open()
        return self.reason_dialog

    def revoke(self, constancia_id: uuid.UUID, reason: str) -> ConstanciaInfo | None:
        """Revoke (no PDF is rendered, so it runs here)."""
        try:
            info = constancias.revoke_constancia(self.ctx, constancia_id, reason)
        except Exception as exc:
            if not errors.is_expected(exc):
                raise
            show_error(self, exc)
            return None
        self.reload()
        self.select_folio(info.folio)
        self._feedback(self.tr("Constancia {folio} was revoked.").format(folio=info.folio), "warn")
        self.constancias_changed.emit()
        return info
