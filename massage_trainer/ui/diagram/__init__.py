"""The back diagram and everything drawn on it: the widget, ink, markers, animation, the layer cache."""
