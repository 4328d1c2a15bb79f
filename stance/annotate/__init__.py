"""Analysts' annotation sessions: items to label, the order they come in, agreement between
analysts, and scoring the pipeline against their labels (re-fitting the alignment threshold
from them is `stance.calibrate.labels`)."""
