"""``python -m linnedata``: see :mod:`linnedata.cli`."""

import sys

from linnedata.cli import main

sys.exit(main())
