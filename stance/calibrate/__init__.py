"""Calibration: fitting thresholds on data (ClaimDiff and the seeds gold, or analysts' labels)
and writing them where `stance.config.thresholds` reads them."""
