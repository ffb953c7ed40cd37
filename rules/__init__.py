"""duwang rules: one module per rule; see rules/base.py for the API."""
