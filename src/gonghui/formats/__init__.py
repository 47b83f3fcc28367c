"""Date formats for the site's language (settings.FORMAT_MODULE_PATH): one date format on every page."""
