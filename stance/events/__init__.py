"""Events: articles that report the same meeting, found by one sweep in date order
(`grouping` builds article profiles and lede vectors, `sweep` holds the clustering rule)."""
