"""Charts as server-rendered SVG with pygal, embedded in the page as markup.

The strict CSP allows no inline styles or scripts, so each chart is rendered without pygal's
scripts (`js=[]`) and stylesheets (`css=[]`), and the <style> element and style attributes
pygal still writes are taken out of its element tree; static/css/charts.css colours the
classes pygal puts on every part, in the light and the dark theme. Every chart has a table of
the same figures next to it in the template.

Rendering is a pure function of a chart's title, labels and figures, and pygal takes tens of
milliseconds a chart, so the markup of the latest charts is kept (RENDERED, per process): a
page whose figures did not change since it was last drawn reuses them. Being keyed by the
figures themselves, a kept chart is never stale, on any host.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from xml.etree import ElementTree

import pygal
from markupsafe import Markup

SVG = "{http://www.w3.org/2000/svg}"
RENDERED = 256  # charts kept per process


def _config(title: str, **options) -> dict:
    return {
        "title": title,
        "disable_xml_declaration": True,
        "js": [],
        "css": [],
        "no_prefix": True,
        "width": 720,
        "height": 260,
        "explicit_size": False,
        "show_legend": True,
        "legend_at_bottom": True,
        "print_values": False,
        "tooltip_border_radius": 0,
        "x_label_rotation": 0,
        **options,
    }


def _markup(chart: pygal.graph.graph.Graph, label: str) -> Markup:
    """The chart's SVG without inline styles, labelled for assistive technology (which is
    pointed at the table beside it)."""
    tree = chart.render_tree()
    for parent in tree.iter():
        for child in list(parent):
            if child.tag in (f"{SVG}style", "style", f"{SVG}script", "script"):
                parent.remove(child)
        parent.attrib.pop("style", None)
    if not tree.get("id"):
        tree.attrib.pop("id", None)
    tree.set("role", "img")
    tree.set("aria-label", label)
    ElementTree.register_namespace("", SVG[1:-1])
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    # ElementTree escapes every text and attribute value (track names, labels) it writes
    return Markup(ElementTree.tostring(tree, encoding="unicode"))  # noqa: S704


def _labels(labels: Sequence[str], every: int) -> dict:
    """x labels, with only every `every`-th one printed on a long axis."""
    return {"x_labels": list(labels), "x_labels_major_every": every, "show_minor_x_labels": False}


def bars(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    stacked: bool = False,
    horizontal: bool = False,
) -> Markup:
    """A bar chart (stacked or not, vertical or horizontal) of named series over labels."""
    return _bars(title, tuple(labels), _frozen(series), stacked, horizontal)


def lines(
    title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]], top: float = 1
) -> Markup:
    """A line chart (values 0..top; None leaves a gap) of named series over labels."""
    return _lines(title, tuple(labels), _frozen(series), top)


def _frozen(series: dict[str, Sequence]) -> tuple[tuple[str, tuple], ...]:
    return tuple((name, tuple(values)) for name, values in series.items())


@lru_cache(maxsize=RENDERED)
def _bars(title: str, labels: tuple, series: tuple, stacked: bool, horizontal: bool) -> Markup:
    kind = {
        (False, False): pygal.Bar,
        (True, False): pygal.StackedBar,
        (False, True): pygal.HorizontalBar,
        (True, True): pygal.HorizontalStackedBar,
    }[(stacked, horizontal)]
    every = max(1, len(labels) // 10)
    chart = kind(**_config(title, **_labels(labels, every)))
    for name, values in series:
        chart.add(name, list(values))
    return _markup(chart, f"{title}; the figures are in the table that follows")


@lru_cache(maxsize=RENDERED)
def _lines(title: str, labels: tuple, series: tuple, top: float) -> Markup:
    every = max(1, len(labels) // 10)
    chart = pygal.Line(
        **_config(title, range=(0, top), allow_interruptions=True, **_labels(labels, every))
    )
    for name, values in series:
        chart.add(name, list(values))
    return _markup(chart, f"{title}; the figures are in the table that follows")
