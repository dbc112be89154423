"""Maintenance tools of the project, run by hand (python -m tools.<name>); the dashboard never imports them."""
