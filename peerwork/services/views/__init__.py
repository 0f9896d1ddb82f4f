"""Pages for services: the phone entry page (offline-first), reports, stock, catalogue and import."""
