"""Chart builders: each takes result DataFrames and returns a plotly `go.Figure`.

They shape data for display (pivot, sort, label) but never compute analysis and never call
Streamlit, so they are tested through `fig.to_dict()` and reused by any front end.
"""

from stance.plots.coverage_matrix import coverage_figure, coverage_table
from stance.plots.quoted_sides import quoted_sides_figure
from stance.plots.speaker_drift import drift_table, speaker_drift_figure
from stance.plots.stance_mix import stance_mix_figure
from stance.plots.talking_points import talking_points_figure
from stance.plots.timeline import timeline_figure
from stance.plots.tone_targets import tone_targets_figure

__all__ = [
    "coverage_figure",
    "coverage_table",
    "drift_table",
    "quoted_sides_figure",
    "speaker_drift_figure",
    "stance_mix_figure",
    "talking_points_figure",
    "timeline_figure",
    "tone_targets_figure",
]
