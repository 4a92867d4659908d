"""The status bar: profile · unit · sync state · zoom."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QSizePolicy, QStatusBar, QToolButton, QWidget

from app.sync.status import SyncPhase, SyncStatus
from app.ui import formatting
from app.ui.fitting_label import FittingLabel
from app.ui.widgets import set_tone

#: Phases that need the user (or the administrator) to act: said in the warning tone.
_WARNING_PHASES = {SyncPhase.REVOKED, SyncPhase.REENROLL_REQUIRED, SyncPhase.UPDATE_REQUIRED,
                   SyncPhase.REJECTED}


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """The engine keeps UTC; the user reads the wall clock."""
    if moment is not None and moment.tzinfo is not None:
        return moment.astimezone().replace(tzinfo=None)
    return moment


def _when(moment: dt.datetime | None) -> str:
    moment = _local(moment)
    return f"{formatting.date_text(moment.date())} {formatting.time_text(moment)}" if moment else ""


class AulaStatusBar(QStatusBar):
    """Permanent labels for who is working, where, the sync state and the zoom.

    Signals:
        parked_requested(): the sync state was clicked while changes wait rejected.
    """

    parked_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile_label = QLabel()
        self.unit_label = FittingLabel()
        # A flat button: it reads like a label, and opens the rejected changes when there are some.
        self.sync_label = QToolButton()
        self.sync_label.setObjectName("syncState")
        self.sync_label.setAutoRaise(True)
        self.sync_label.setText(self.tr("No server"))
        self.sync_label.clicked.connect(self._on_sync_label_clicked)
        # A round's progress (the first one of a new device brings the whole unit).
        self.sync_progress = QProgressBar()
        self.sync_progress.setAccessibleName(self.tr("Sync progress"))
        self.sync_progress.setMaximumWidth(140)
        self.sync_progress.setTextVisible(False)
        self.sync_progress.hide()
        self.zoom_label = QLabel()
        self.sync_status: SyncStatus | None = None
        self.today: dt.date | None = None
        for label, name in ((self.profile_label, self.tr("Profile")),
                            (self.unit_label, self.tr("Unit")),
                            (self.sync_label, self.tr("Sync state")),
                            (self.zoom_label, self.tr("Zoom"))):
            label.setAccessibleName(name)
            self.addPermanentWidget(label)
            if label is self.sync_label:
                self.addPermanentWidget(self.sync_progress)
        # A long unit name gives way to its code on a small screen; the sync state and the zoom stay whole.
        self.unit_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_profile(self, text: str) -> None:
        self.profile_label.setText(text)

    def set_unit(self, text: str, short_text: str = "") -> None:
        """The unit worked in: ``text`` when it fits, else ``short_text`` (its code)."""
        self.unit_label.set_texts(text, short_text)

    @Slot(object)
    def set_sync_status(self, status: SyncStatus) -> None:
        """Say ``status`` as it is: offline is a normal state, quiet; what needs action is in amber."""
        self.sync_status = status
        text = self.sync_text(status)
        self.sync_label.setText(text)
        self.sync_label.setToolTip(self.sync_details(status))
        self.sync_label.setAccessibleDescription(self.sync_details(status))
        warn = status.phase in _WARNING_PHASES or status.rejected_ops > 0 or status.clock_skewed
        set_tone(self.sync_label, "warn" if warn else None)
        syncing = status.phase is SyncPhase.SYNCING and status.total > 0
        if syncing:
            self.sync_progress.setRange(0, status.total)
            self.sync_progress.setValue(min(status.done, status.total))
        self.sync_progress.setVisible(syncing)

    def _time(self, moment: dt.datetime | None) -> str:
        """``10:42`` today, ``23/11/2026 10:42`` another day (in this computer's time zone)."""
        moment = _local(moment)
        if moment is None:
            return ""
        if self.today is not None and moment.date() != self.today:
            return f"{formatting.date_text(moment.date())} {formatting.time_text(moment)}"
        return formatting.time_text(moment)

    def sync_text(self, status: SyncStatus) -> str:
        """One line: what the device's data looks like to the server, with its time."""
        pending = formatting.number_text(status.pending_ops)
        phase = status.phase
        attempt = self._time(status.last_attempt)
        if phase is SyncPhase.NOT_ENROLLED:
            text = (self.tr("No server — 1 change kept here") if status.pending_ops == 1 else
                    self.tr("No server — {count} changes kept here").format(count=pending)
                    if status.pending_ops else self.tr("No server"))
        elif phase is SyncPhase.REVOKED:
            text = self.tr("Device removed from the server")
        elif phase is SyncPhase.REENROLL_REQUIRED:
            text = self.tr("Connect this device again")
        elif phase is SyncPhase.UPDATE_REQUIRED:
            text = self.tr("Update Aula")
        elif phase is SyncPhase.SYNCING:
            text = (self.tr("Syncing… ({done}/{total})").format(
                done=formatting.number_text(status.done), total=formatting.number_text(status.total))
                if status.total else self.tr("Syncing…"))
        elif status.rejected_ops:
            text = (self.tr("1 change rejected") if status.rejected_ops == 1 else
                    self.tr("{count} changes rejected").format(
                        count=formatting.number_text(status.rejected_ops)))
        elif phase is SyncPhase.OFFLINE:
            text = (self.tr("Offline — 1 change to send") if status.pending_ops == 1 else
                    self.tr("Offline — {count} changes to send").format(count=pending)
                    if status.pending_ops else self.tr("Offline"))
            if attempt:
                text = self.tr("{state} · {time}").format(state=text, time=attempt)
        elif status.up_to_date:
            text = self.tr("Up to date, {time}").format(time=self._time(status.last_success))
        else:  # reachable, something still to send: never "up to date"
            text = (self.tr("1 change to send") if status.pending_ops == 1 else
                    self.tr("{count} changes to send").format(count=pending))
            if attempt:
                text = self.tr("{state} · {time}").format(state=text, time=attempt)
        if status.clock_skewed:
            text = self.tr("{state} · Clock out of step").format(state=text)
        return text

    def sync_details(self, status: SyncStatus) -> str:
        """The tooltip: server, last complete sync, last attempt and its failure."""
        lines = []
        if status.server_url:
            lines.append(self.tr("Server: {url}").format(url=status.server_url))
        else:
            lines.append(self.tr("This device is not connected to a server; changes stay on this computer."))
        if status.last_success is not None:
            lines.append(self.tr("Last complete sync: {when}").format(when=_when(status.last_success)))
        if status.last_attempt is not None:
            lines.append(self.tr("Last attempt: {when}").format(when=_when(status.last_attempt)))
        if status.reason:
            lines.append(status.reason)
        if status.clock_skewed:
            minutes = round(abs(status.clock_skew_seconds) / 60)
            lines.append(self.tr("This computer's clock differs from the server's by {minutes} minutes; "
                                 "correct the date and time of the computer.").format(
                minutes=formatting.number_text(minutes)))
        if status.rejected_ops:
            lines.append(self.tr("Click to see the rejected changes."))
        return "\n".join(lines)

    @Slot()
    def _on_sync_label_clicked(self) -> None:
        if self.sync_status is not None and self.sync_status.rejected_ops:
            self.parked_requested.emit()

    @Slot(int)
    def set_zoom(self, percent: int) -> None:
        self.zoom_label.setText(self.tr("Zoom {percent} %").format(percent=percent))
