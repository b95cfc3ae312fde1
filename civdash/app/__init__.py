"""The app layer: the only civdash code that imports streamlit."""
