"""The `stance` command line: one Typer app (`main`) with the annotation commands mounted on it
(`annotations`); every command is a thin wrapper over a library function."""
