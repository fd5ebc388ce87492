import sys

from massage_trainer.cli import main

sys.exit(main())
