"""A coverage breakdown as a horizontal stacked bar chart; a click on a bar segment selects its workers."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from app.services.coverage import STAFF_STATUSES, Breakdown, CoverageStatus

#: One colour per status, the same in the chart, the list and the PDF.
STATUS_COLORS = {
    CoverageStatus.PENDING: "#c0392b",
    CoverageStatus.IN_COURSE: "#2e86c1",
    CoverageStatus.FAILED: "#e67e22",
    CoverageStatus.TO_ISSUE: "#8e44ad",
    CoverageStatus.TRAINED: "#1e8449",
    CoverageStatus.LEFT: "#7f8c8d",
}


class BreakdownChart(QChartView):
    """One bar per service, category or shift, stacked by status.

    Signals:
        bar_clicked(str, str, object): the dimension, the bar's key and the
            status of the clicked segment.
    """

    bar_clicked = Signal(str, str, object)

    def __init__(self, status_labels: dict[CoverageStatus, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_labels = status_labels
        self.breakdown: Breakdown | None = None
        self.series: QHorizontalStackedBarSeries | None = None
        self.bar_sets: dict[CoverageStatus, QBarSet] = {}
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()  # the coloured status counts above the chart are its legend
        chart.setMargins(QMargins(4, 4, 4, 4))
        self.setChart(chart)
        self.setMinimumHeight(160)

    def show_breakdown(self, breakdown: Breakdown) -> None:
        """Draw the breakdown's rows (lowest coverage at the top)."""
        self.breakdown = breakdown
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        series = QHorizontalStackedBarSeries()
        self.bar_sets = {}
        for n, status in enumerate(STAFF_STATUSES):
            bar_set = QBarSet(self.status_labels[status])
            bar_set.setColor(QColor(STATUS_COLORS[status]))
            bar_set.setBorderColor(QColor(STATUS_COLORS[status]))
            # Qt draws the first category at the bottom: reverse so the list reads top-down.
            bar_set.append([float(row.counts[n]) for row in reversed(breakdown.rows)])
            bar_set.clicked.connect(lambda index, s=status: self._on_clicked(s, index))
            series.append(bar_set)
            self.bar_sets[status] = bar_set
        series.setBarWidth(0.7)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([self._short(row.key) for row in reversed(breakdown.rows)])
        small = QFont(categories.labelsFont())
        small.setPointSizeF(8)
        categories.setLabelsFont(small)
        categories.setTruncateLabels(False)  # Qt elides them to "…" as soon as the rows get tight
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max((row.expected for row in breakdown.rows), default=1))
        values.applyNiceNumbers()
        values.setLabelsFont(small)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.series = series

    @staticmethod
    def _short(key: str) -> str:
        return key if len(key) <= 28 else key[:27] + "…"

    def _row_key(self, index: int) -> str:
        rows = self.breakdown.rows
        return rows[len(rows) - 1 - index].key

    def _on_clicked(self, status: CoverageStatus, index: int) -> None:
        self.bar_clicked.emit(self.breakdown.dimension, self._row_key(index), status)

    def segment_position(self, key: str, status: CoverageStatus) -> QPointF | None:
        """Where on the viewport the segment of ``key`` and ``status`` is drawn (None when empty)."""
        rows = list(reversed(self.breakdown.rows))
        index = next(i for i, row in enumerate(rows) if row.key == key)
        n = STAFF_STATUSES.index(status)
        count = rows[index].counts[n]
        if not count:
            return None
        before = sum(rows[index].counts[:n])
        scene = self.chart().mapToPosition(QPointF(before + count / 2, index), self.series)
        return self.mapFromScene(self.chart().mapToScene(scene))
