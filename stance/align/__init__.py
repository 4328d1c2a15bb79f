"""Alignment: claims of one event grouped by proposition (`groups`), the explainable pair guards
(`features`), shared formulas (`formulas`) and recurring lines across events (`talking_points`)."""
