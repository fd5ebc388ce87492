"""Loading and validating the content files in assets/ into core objects."""

from massage_trainer.content.errors import ContentError, Problem
from massage_trainer.content.loader import Content, check_content, load_content

__all__ = ["Content", "ContentError", "Problem", "check_content", "load_content"]
