"""Pure view builders: what each page shows, as plain dataclasses, for one choice.

- ``dataset``  the rounds, the region and the taxonomy of one store revision, with the
  tables every view reads (per municipality, per group, neighbours, similarity) computed once
- ``common``   levels, links, the "rests on too little" rule, export headers
- ``overview`` Översikt: the region's ranking and coverage
- ``maps``     the one map builder every map uses, and the maps themselves
- ``profile``  Kommunprofil: one municipality beside its neighbours and the region
- ``compare``  Jämför: municipalities × areas or themes
- ``seminars`` Seminarier: demand, the plan's seminars and their downloads

Nothing here imports streamlit; ``ui`` caches these views keyed on the store's revision.
"""
