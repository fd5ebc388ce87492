"""The shell: the composition root, the main window and the screenshot command."""
