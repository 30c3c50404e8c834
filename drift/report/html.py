"""The human report as a self-contained HTML page: inline styles, no script, nothing to fetch."""

from __future__ import annotations

from html import escape
from io import StringIO

from rich.console import Console

from drift.records import Report
from drift.report.renderables import ReportView
from drift.report.views import ViewOptions

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="drift">
<title>{title}</title>
<style>
{{stylesheet}}
body {{{{
    color: {{foreground}};
    background-color: {{background}};
}}}}
</style>
</head>
<body>
<pre style="font-family:Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace">\
<code style="font-family:inherit">{{code}}</code></pre>
</body>
</html>
"""

HTML_WIDTH = 120


def render_html(
    report: Report,
    options: ViewOptions | None = None,
    *,
    width: int = HTML_WIDTH,
    title: str = "drift report",
) -> str:
    """A self-contained page of the same report: inline styles, no script, nothing to fetch.

    ``title`` names the page; the report's own headline is ``options.title``.
    """
    console = Console(
        file=StringIO(),
        record=True,
        width=width,
        color_system="truecolor",
        force_terminal=True,
        no_color=False,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        _environ={},
    )
    console.print(ReportView(report, options))
    page = HTML_PAGE.format(title=escape(title).replace("{", "{{").replace("}", "}}"))
    return console.export_html(inline_styles=True, code_format=page)
