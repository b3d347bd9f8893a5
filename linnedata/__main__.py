"""``python -m linnedata``: see :mod:`linnedata.cli`."""

import os
import sys

from linnedata.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader went away (`… | head`): stop quietly, as Unix tools do.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
