"""``python -m linnedata …``: one module per command group, registered in :mod:`.main`.

- :mod:`.main`       the parser, the groups, the one exit for store errors
- :mod:`.common`     what the groups share (store option, import options, round label, user)
- :mod:`.survey`     validate, measures, demo, neighbours, similar
- :mod:`.seminars`   seminars
- :mod:`.store`      import, rounds, delete-round, export
- :mod:`.reports`    report (the PDFs)
- :mod:`.competence` competence, projects, search-text
- :mod:`.project`    project add|update|list|export (the follow-up record)
"""

from linnedata.cli.main import main

__all__ = ["main"]
