"""A proxy style whose pixel sizes grow with the window's type scale.

Check boxes, radio buttons and small icons are sized in pixels by every
style; on a 4K projector they would stay laptop-sized next to large type.
A style sheet could set them, but a style sheet on the window stops font
changes from reaching its children, so the scale lives here instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

_SCALED = {
    QStyle.PixelMetric.PM_IndicatorWidth,
    QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
    QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    QStyle.PixelMetric.PM_SmallIconSize,
    QStyle.PixelMetric.PM_ButtonIconSize,
    QStyle.PixelMetric.PM_ButtonMargin,
    QStyle.PixelMetric.PM_ScrollBarExtent,
    QStyle.PixelMetric.PM_SliderThickness,
    QStyle.PixelMetric.PM_SliderLength,
    QStyle.PixelMetric.PM_SliderControlThickness,
    QStyle.PixelMetric.PM_CheckBoxLabelSpacing,
    QStyle.PixelMetric.PM_RadioButtonLabelSpacing,
    QStyle.PixelMetric.PM_MessageBoxIconSize,
    QStyle.PixelMetric.PM_MenuButtonIndicator,
}


class ScaledStyle(QProxyStyle):
    def __init__(self, base: QStyle | None = None) -> None:
        super().__init__(base)
        self.factor = 1.0

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric in _SCALED and self.factor != 1.0:
            return round(value * self.factor)
        return value
