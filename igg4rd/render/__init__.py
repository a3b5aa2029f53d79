"""Renderers: words, chart series, plotly figures, static charts and the PDF report (no storage)."""
