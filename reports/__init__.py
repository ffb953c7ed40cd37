"""duwang reports: jinja2 templates and exporters (HTML, XLSX, JSON)."""
