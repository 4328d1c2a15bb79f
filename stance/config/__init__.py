"""Configuration: the `Settings` object (`settings`) and the one loader of calibrated thresholds
(`thresholds`)."""
