"""stance: claim-level, attribution-aware comparison of how outlets report the same meeting.

Importing the package does no work and pulls in no heavy dependency; stages are imported from
their modules (`stance.ingest`, `stance.claims`, ...) and wired in `stance.pipeline`.
"""

__version__ = "0.1.0"
