"""What a reader sees, drawn without Streamlit: Plotly charts, tables and sentences in the reader's
language, CSV/XLSX exports and the printable brief (PDF, Word). Built from the read side only.
"""
