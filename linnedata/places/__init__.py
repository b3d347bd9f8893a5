"""The region and its geography: municipalities and counties (:mod:`.region`), their
boundaries and neighbours (:mod:`.geo`). Foundations: no survey, no store."""
