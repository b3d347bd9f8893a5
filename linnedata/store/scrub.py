"""Stored text scrubbed again by today's redactor (the upgrade to schema 6).

Earlier versions redacted less (a bare ``0701234567``, a personnummer written with a space,
IP addresses and tokens survived): every stored text a person may have written — the free
text, file names, the import log's messages and warnings, the competence registry's cells
and change log — is run through :func:`~linnedata.survey.privacy.redacted` once more, and
rewritten only where it changes. Researchers' names are the registry's point and stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from linnedata.survey.privacy import redacted

# table → (its key columns, the text columns scrubbed)
STORED_TEXT = {
    "responses": (("round_id", "respondent"), ("utmaning_fritext",)),
    "rounds": (("id",), ("file_name",)),
    "raw_files": (("sha256",), ("file_name",)),
    "import_log": (("id",), ("file_name", "message", "warnings")),
    "registry_rows": (("version_id", "seq"), ("forskare", "forskningsmiljo", "profil")),
    "registry_versions": (("id",), ("file_name", "changes")),
}


def stored_text(conn: Connection) -> int:
    """Redact every stored text of :data:`STORED_TEXT` again; how many cells changed."""
    changed = 0
    existing = set(sa.inspect(conn).get_table_names())
    for name, (keys, columns) in STORED_TEXT.items():
        if name not in existing:
            continue
        table = sa.table(name, *(sa.column(c) for c in (*keys, *columns)))
        rows = conn.execute(sa.select(*table.c)).all()
        for row in rows:
            values = row._mapping
            new = {
                c: redacted(values[c])
                for c in columns
                if isinstance(values[c], str) and redacted(values[c]) != values[c]
            }
            if not new:
                continue
            where = sa.and_(*(table.c[k] == values[k] for k in keys))
            conn.execute(table.update().where(where).values(**new))
            changed += len(new)
    return changed


__all__ = ["STORED_TEXT", "stored_text"]
