"""The widget stays small: a school's visitors download all of it on every page."""

from ops.widget_size import BUDGET_BYTES, measure


def test_the_whole_widget_is_under_40_kb_gzipped() -> None:
    sizes = measure()
    assert {"widget.js", "widget.css"} <= set(sizes.files), "both parts are counted"
    assert sizes.total <= BUDGET_BYTES, sizes.report()
