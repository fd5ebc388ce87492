"""The PySide6 layer: it draws the core's state and turns input into core calls (docs/architecture.md)."""
