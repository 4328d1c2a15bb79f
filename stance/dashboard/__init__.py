"""Streamlit views of the dashboard, one module per view.

Only `app.py` imports this package (so `import stance` never imports Streamlit). Views read
widgets, call `stance.*` and the chart builders in `stance.plots`, and render; caching lives in
`app.py` alone.
"""
