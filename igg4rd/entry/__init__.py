"""Data entry without Streamlit: the visit log as a table, its edits parsed strictly."""
