"""Massage Trainer: learn back massage on a diagram, with graded practice."""

__version__ = "0.1.0"
