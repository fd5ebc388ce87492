"""The core, content and storage layers never load Qt or pyqtgraph."""

import subprocess
import sys

CHECK = """
import sys
import massage_trainer.core.body, massage_trainer.core.geometry, massage_trainer.core.reference
import massage_trainer.content, massage_trainer.storage
import pkgutil, importlib
for pkg in ("massage_trainer.core", "massage_trainer.content", "massage_trainer.storage"):
    mod = importlib.import_module(pkg)
    for info in pkgutil.walk_packages(mod.__path__, pkg + "."):
        importlib.import_module(info.name)
from massage_trainer.content import load_content
load_content()
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))
print(",".join(bad))
"""


def test_core_content_storage_load_no_qt():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt modules loaded by a Qt-free layer: {out.stdout}"
