"""The `stance` command line: one Typer app (`main`) with the annotation (`annotations`) and
calibration (`calibrate`) commands mounted on it, shared options and exit codes in `common`;
every command is a thin wrapper over a library function."""
