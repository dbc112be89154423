"""The Streamlit glue: navigation, filters and their place in the URL, pinned links, panels,
caching, who is signed in and what they may see. Pages (pages/) are thin scripts on top of it.
"""
