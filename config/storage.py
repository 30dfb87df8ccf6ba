"""Static files in production: compressed, with content-hashed names."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # The page scripts are ES modules that import live-socket.js: the import must name
    # the hashed file too, or a browser keeps the old module behind `immutable` caching.
    support_js_module_import_aggregation = True
