"""Index settings for the Elasticsearch-API engines.

Chinese has no spaces between words, so the engine's default `standard` analyzer
would index single characters. The built-in `cjk` analyzer (analysis-common,
present in every OpenSearch and Elasticsearch node) indexes overlapping
character bigrams instead, so `政务公开` matches `政务`, `务公`, `公开` and a
query for an unrelated word shares no terms with it. Wagtail's mapping leaves
text fields without an explicit analyzer, so they use this index default.
"""

CHINESE_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {"type": "cjk"},
            }
        }
    }
}
