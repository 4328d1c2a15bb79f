"""Calibration: fitting thresholds on data (`align`: ClaimDiff and the seeds gold; `labels`:
analysts' labels) and writing them where `stance.config.thresholds` reads them."""
