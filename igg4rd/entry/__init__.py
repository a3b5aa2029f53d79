"""Data entry without Streamlit: the visit log as a table, and typed values parsed strictly."""
