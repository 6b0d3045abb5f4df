"""The accessibility check itself: it must still find violations with the options that keep it fast
(only violations are gathered in full), or every axe assertion in the suite could pass on nothing."""

import pytest

from conftest import axe_violations

pytestmark = pytest.mark.browser

BROKEN = """<!doctype html><html lang="en"><head><title>Broken on purpose</title></head><body><main>
<h1>Broken on purpose</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#bbb;background:#fff">Pale grey text on white.</p>
<a href="#a" style="display:inline-block;width:8px;height:8px"></a><a href="#b" style="display:inline-block;width:8px;height:8px"></a>
<input type="text">
</main></body></html>"""


def test_the_accessibility_check_finds_what_a_broken_page_gets_wrong(page):
    page.set_content(BROKEN)
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "color-contrast", "link-name", "label"} <= found, found
