"""duwang audits: run rules over a crawl, keep history, the command line."""
