"""The Documentos page of the settings: what constancias print, with a live preview."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import catalog, document_settings
from app.services.context import Context
from app.services.document_settings import DocumentSettingsInfo
from app.ui.pdf_printing import LoadedPdf
from app.ui.tasks import Task, TaskContext, TaskRunner
from app.ui.widgets import label, set_tone, show_error

logger = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 400
PREVIEW_WIDTH = 420


def preview_task(draft: DocumentSettingsInfo, unit_name: str, director_name: str, today, *,
                 context: TaskContext) -> bytes:
    """Background job: the sample constancia's PDF with the draft settings."""
    return document_settings.preview_constancia(draft, unit_name=unit_name, director_name=director_name,
                                                today=today)


class ImagePicker(QWidget):
    """A chosen image's name with Choose… and Remove; ``path`` is ``None`` when there is none.

    Signals:
        changed(): an image was chosen or removed.
    """

    changed = Signal()

    def __init__(self, field: str, title: str, current: Path | None, empty_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.title = title
        self.path = current
        self.touched = False
        self.empty_text = empty_text
        self.file_dialog: QFileDialog | None = None
        self.error_box: QMessageBox | None = None
        self.name_label = label("", "muted")
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setAccessibleName(self.tr("Choose {what}").format(what=title))
        self.choose_button.clicked.connect(self.open_file_dialog)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(f"{self.tr('Remove')} {title}")
        self.remove_button.clicked.connect(lambda: self.set_path(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name_label, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        self._show()

    def _show(self) -> None:
        self.name_label.setText(self.path.name if self.path else self.empty_text)
        self.remove_button.setEnabled(self.path is not None)

    @Slot()
    def open_file_dialog(self) -> QFileDialog:
        self.file_dialog = QFileDialog(self, self.tr("Choose {what}").format(what=self.title))
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog.setNameFilter(self.tr("Images (*.png *.jpg *.jpeg)"))
        self.file_dialog.fileSelected.connect(lambda path: self.set_path(Path(path)))
        self.file_dialog.open()
        return self.file_dialog

    def set_path(self, path: Path | None) -> bool:
        """Take ``path`` (a PNG or JPEG) or remove the image with ``None``.

        Returns:
            False when the file is not a PNG or JPEG (the message is shown, nothing changes).
        """
        if path is not None:
            try:
                document_settings.check_image(path, self.field)
            except UserError as exc:
                self.error_box = show_error(self, exc)
                return False
        self.path = path
        self.touched = True
        self._show()
        self.changed.emit()
        return True


class DocumentSettingsPage(QWidget):
    """Institution, logos, signatories and the verification address, with a preview.

    Signals:
        preview_updated(): a new preview image is shown.
    """

    preview_updated = Signal()

    def __init__(self, ctx: Context, tasks: TaskRunner, ui_institution: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = tasks
        self.preview_task: Task | None = None
        self._preview_pending = False
        self.pdf: LoadedPdf | None = None
        stored = document_settings.get_document_settings(ctx)
        self.units = catalog.list_units(ctx)

        self.institution_edit = QLineEdit(stored.institution_name or ui_institution)
        self.institution_edit.setPlaceholderText(self.tr("Empty: the unit's name"))
        self.programme_edit = QLineEdit(stored.programme_name)
        self.programme_edit.setPlaceholderText(self.tr("Empty: the course's programme"))
        self.logo_left = ImagePicker("logo_left", self.tr("Left logo"), stored.logo_left,
                                     self.tr("(none: placeholder)"))
        self.logo_right = ImagePicker("logo_right", self.tr("Right logo"), stored.logo_right,
                                      self.tr("(none: placeholder)"))
        self.unit_combo = QComboBox()
        for unit in self.units:
            self.unit_combo.addItem(f"{unit.code} · {unit.name}", unit.code)
        self.director_edit = QLineEdit(self.units[0].director_name if self.units else "")
        self.director_edit.setEnabled(bool(self.units))
        self.director_title_edit = QLineEdit(stored.director_title)
        self.director_title_edit.setPlaceholderText(document_settings.DEFAULT_DIRECTOR_TITLE)
        self.director_signature = ImagePicker("director_signature", self.tr("Director's signature"),
                                              stored.director_signature, self.tr("(none)"))
        self.instructor_title_edit = QLineEdit(stored.instructor_title)
        self.instructor_title_edit.setPlaceholderText(document_settings.DEFAULT_INSTRUCTOR_TITLE)
        self.instructor_signature = ImagePicker("instructor_signature", self.tr("Instructor's signature"),
                                                stored.instructor_signature, self.tr("(none)"))
        self.address_edit = QLineEdit(stored.verify_base_url)
        self.address_edit.setPlaceholderText(
            self.tr("The server's public address, e.g. https://verifica.example.mx (empty: none)"))
        self.address_label = label("", "muted", wrap=True)
        self.error_label = label("", "feedback", wrap=True)
        self.error_label.hide()

        form = QFormLayout()
        rows = [(self.tr("Institution name"), self.institution_edit),
                (self.tr("Programme"), self.programme_edit),
                (self.tr("Left logo"), self.logo_left),
                (self.tr("Right logo"), self.logo_right)]
        if len(self.units) > 1:
            rows.append((self.tr("Unit whose director signs"), self.unit_combo))
        rows += [(self.tr("Unit director"), self.director_edit),
                 (self.tr("Director's title"), self.director_title_edit),
                 (self.tr("Director's signature"), self.director_signature),
                 (self.tr("Instructor's title"), self.instructor_title_edit),
                 (self.tr("Instructor's signature"), self.instructor_signature),
                 (self.tr("Verification address"), self.address_edit)]
        for text, widget in rows:
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        form.addRow("", self.address_label)

        self.preview_label = QLabel()
        self.preview_label.setAccessibleName(self.tr("Preview"))
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setFixedSize(QSize(PREVIEW_WIDTH, int(PREVIEW_WIDTH * 8.5 / 11)))
        self.preview_status = label("", "muted")
        preview = QVBoxLayout()
        preview.addWidget(label(self.tr("Preview"), "subtitle"))
        preview.addWidget(self.preview_label)
        preview.addWidget(self.preview_status)
        preview.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.error_label)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(preview)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(PREVIEW_DELAY_MS)
        self.debounce.timeout.connect(self.update_preview)
        for edit in (self.institution_edit, self.programme_edit, self.director_edit,
                     self.director_title_edit, self.instructor_title_edit, self.address_edit):
            edit.textChanged.connect(self._on_form_changed)
        for picker in (self.logo_left, self.logo_right, self.director_signature, self.instructor_signature):
            picker.changed.connect(self._on_form_changed)
        self.unit_combo.currentIndexChanged.connect(self._on_unit_combo_current_index_changed)
        self._show_address_state()
        self.update_preview()

    # -- state --------------------------------------------------------------
    def _unit(self):
        return self.units[self.unit_combo.currentIndex()] if self.units else None

    def address(self) -> str:
        """The typed verification address, normalized (raises ``UserError`` when invalid)."""
        return document_settings.normalize_verification_address(self.address_edit.text())

    def draft(self) -> DocumentSettingsInfo:
        """The settings as typed (images as chosen, not yet copied)."""
        try:
            address = self.address()
        except UserError:
            address = ""
        return DocumentSettingsInfo(
            institution_name=self.institution_edit.text().strip(),
            programme_name=self.programme_edit.text().strip(),
            logo_left=self.logo_left.path, logo_right=self.logo_right.path,
            instructor_title=self.instructor_title_edit.text().strip(),
            director_title=self.director_title_edit.text().strip(),
            instructor_signature=self.instructor_signature.path,
            director_signature=self.director_signature.path,
            verify_base_url=address)

    def _show_address_state(self) -> None:
        try:
            address = self.address()
        except UserError as exc:
            self.address_label.setText(str(exc))
            set_tone(self.address_label, "bad")
            return
        set_tone(self.address_label, None if address else "warn")
        self.address_label.setText(
            self.tr("QRs point to {address}/v/…").format(address=address) if address else self.tr(
                "Online verification not configured: the QR carries the signed data and is verified "
                "with Aula (Tools › Verify constancia)."))

    @Slot()
    def _on_form_changed(self) -> None:
        self._show_address_state()
        self.preview_status.setText(self.tr("Updating the preview…"))
        self.debounce.start()

    @Slot(int)
    def _on_unit_combo_current_index_changed(self, _index: int) -> None:
        unit = self._unit()
        self.director_edit.setText(unit.director_name if unit else "")

    # -- preview ------------------------------------------------------------
    @Slot()
    def update_preview(self) -> Task | None:
        """Render the sample constancia in the background (one at a time; the latest wins)."""
        if self.preview_task is not None:
            self._preview_pending = True
            return None
        unit = self._unit()
        self.preview_status.setText(self.tr("Updating the preview…"))
        self.preview_task = self.tasks.submit(
            preview_task, self.draft(), (unit.employer_name or unit.name) if unit else "",
            self.director_edit.text().strip(), self.ctx.clock().date(), name="settings_preview")
        self.preview_task.result.connect(self._on_preview_task_result)
        self.preview_task.error.connect(self._on_preview_task_error)
        self.preview_task.finished.connect(self._on_preview_task_finished)
        return self.preview_task

    @Slot(object)
    def _on_preview_task_result(self, data: bytes) -> None:
        self.pdf = LoadedPdf(data, self)
        if not self.pdf.ok:
            return
        size = self.pdf.document.pagePointSize(0)
        width = PREVIEW_WIDTH
        image = self.pdf.document.render(0, QSize(width, int(width * size.height() / size.width())))
        self.preview_label.setPixmap(QPixmap.fromImage(image))
        self.preview_status.setText("")
        self.preview_updated.emit()

    @Slot(object)
    def _on_preview_task_error(self, exc: BaseException) -> None:
        # A preview that cannot be drawn (an unreadable image, texts too long for the QR) is
        # explained, never a crash: saving validates again.
        logger.info("Preview failed: %s", exc)
        self.preview_status.setText(self.tr("The preview could not be made: {reason}").format(reason=exc))

    @Slot()
    def _on_preview_task_finished(self) -> None:
        self.preview_task = None
        if self._preview_pending:
            self._preview_pending = False
            self.update_preview()

    # -- saving -------------------------------------------------------------
    def save(self) -> DocumentSettingsInfo | None:
        """Write the settings; on a mistake show it here and return ``None``."""
        unit = self._unit()
        images = {p.field: p.path for p in (self.logo_left, self.logo_right, self.director_signature,
                                            self.instructor_signature) if p.touched}
        try:
            saved = document_settings.save_document_settings(
                self.ctx, institution_name=self.institution_edit.text(),
                programme_name=self.programme_edit.text(),
                instructor_title=self.instructor_title_edit.text(),
                director_title=self.director_title_edit.text(),
                unit_code=unit.code if unit else None,
                director_name=self.director_edit.text() if unit else None,
                verify_base_url=self.address_edit.text(), **images)
        except UserError as exc:
            self.error_label.setText(str(exc))
            set_tone(self.error_label, "bad")
            self.error_label.show()
            return None
        return saved
