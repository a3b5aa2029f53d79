"""The server's middleware, under Streamlit's own ASGI app: the gate (who may reach which
endpoint, sessions bound to their browser), the HTML page's additions (the server's address,
early hints, the icon font) and the pages' imports paid when the server starts."""
