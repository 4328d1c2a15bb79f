"""Text rules every stage shares, one module per kind and each the single owner of its rule:
normalize (same text), negation, stems, dates, datelines, titles, diff (which words of two
wordings differ)."""
