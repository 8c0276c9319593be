"""A site's own 我为政府网站找错 channel appears in its footer beside the national
link (#16.1), at no query cost once cached, and leaves when the channel closes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interaction.choices import ChannelKind
from tests.interaction.submission_support import make_channel, make_profile

pytestmark = pytest.mark.django_db

OWN = 'class="error-report-own" href="/interaction/zc/write/"'


def _footer(client, host):
    html = client.get("/site-map/", HTTP_HOST=host).content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_own_error_report_channel_in_the_footer(client):
    alpha = make_profile("alpha")
    make_profile("beta")
    assert OWN not in _footer(client, "alpha.localhost")

    channel = make_channel(
        alpha, slug="zc", kind=ChannelKind.ERROR_REPORT, name="我为政府网站找错"
    )
    footer = _footer(client, "alpha.localhost")
    assert OWN in footer and "本站纠错留言" in footer
    # Another site's channel is not this site's entry.
    assert OWN not in _footer(client, "beta.localhost")

    # Cached: the link costs no query on the next page.
    with CaptureQueriesContext(connection) as queries:
        _footer(client, "alpha.localhost")
    assert not [
        q for q in queries.captured_queries if "interaction_channel" in q["sql"]
    ]

    channel.is_active = False
    channel.save()
    assert OWN not in _footer(client, "alpha.localhost")
