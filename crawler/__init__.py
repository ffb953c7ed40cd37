"""duwang crawler: the Scrapy project (spiders, extraction, pipelines) and the audit store."""
