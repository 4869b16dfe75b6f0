"""Streamlit helpers shared by pages: session state, the error guard, plain-text display,
per-session memo, and widget builders. Imports ``core``; never imported by ``core``."""
