"""Events: articles that report the same meeting, found by one sweep in date order.
`profiles` reads who met where from each lede (gazetteer: `places`), `rule` says which reports
may be one meeting and labels an event, `sweep` clusters, `grouping` wires them with the lede
vectors."""
