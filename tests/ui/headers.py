"""Reading a table header as the dispatcher sees it: the room its titles have, which way its sort
arrow points, and a click on a title."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader


def label_room(header: QHeaderView, section: int, *, arrow: bool) -> int:
    """The width the style gives the title of ``section`` (past it the title is elided), with
    room for the sort arrow if ``arrow``."""
    option = QStyleOptionHeader()
    header.initStyleOption(option)
    option.section = section
    option.rect = QRect(0, 0, header.sectionSize(section), header.height())
    option.text = str(header.model().headerData(section, Qt.Orientation.Horizontal))
    if arrow:
        option.sortIndicator = QStyleOptionHeader.SortIndicator.SortUp
    return header.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, option, header).width()


def arrow_points_down(header: QHeaderView, section: int) -> bool:
    """Whether the arrow drawn in ``section``'s header is wider at its top than at its bottom."""
    option = QStyleOptionHeader()
    header.initStyleOption(option)
    option.section = section
    option.rect = QRect(
        header.sectionViewportPosition(section), 0, header.sectionSize(section), header.height()
    )
    option.sortIndicator = QStyleOptionHeader.SortIndicator.SortUp  # either: only its place
    area = header.style().subElementRect(QStyle.SubElement.SE_HeaderArrow, option, header)
    image = header.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    background = image.pixelColor(area.left(), 1).lightness()
    widths = []
    for y in range(area.top(), area.bottom() + 1):
        inked = sum(
            1
            for x in range(area.left(), area.right() + 1)
            if background - image.pixelColor(x, y).lightness() > 60
        )
        if inked:
            widths.append(inked)
    assert len(widths) >= 3, "no arrow drawn"
    assert widths[0] != widths[-1]
    return widths[0] > widths[-1]


def click_header(header: QHeaderView, section: int) -> None:
    """A click on the middle of ``section``'s title, as the dispatcher sorts."""
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
