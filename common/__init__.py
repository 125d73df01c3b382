"""Small helpers shared by several apps (no models, no domain rules), and the operators' backup and restore commands."""
