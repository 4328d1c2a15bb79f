"""Text rules every stage shares (normalisation, word lists, patterns): one module per kind, each
the single owner of its rule."""
