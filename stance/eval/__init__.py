"""Evaluation helpers: loaders for external evaluation datasets and scoring scripts.

The datasets (e.g. BASIL under ../shared/data/) are read from a path given at run time; none of
their text ships with the project.
"""
