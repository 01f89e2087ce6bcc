"""Figures as inline SVG, drawn from the model: concept diagrams (docs/_data/figures.yml), each case's
timeline (its `events`) and the chart of all cases.

Pure functions that return one HTML block (`<figure>` with an `<svg>` and a `<figcaption>`), used
by the site and the PDFs alike. Decisions:

- **Readable on a phone.** Drawings are narrow (360-400 units) and tall rather than wide, with text
  of 12.5 units or more, so at a 360 px screen the text stays near 11 px; on a desktop they are shown
  at most 1.25 times that size.
- **Words from the model only**, escaped here; every label is plain text checked by the schema.
  Text is wrapped by an estimate of its width (no font is measured at build time).
- **Colours as presentation attributes** (the light palette, which the PDFs use); the site's
  stylesheet overrides them for the dark palette. No `<style>`, no script, no reference to another
  file: nothing the output policy refuses, and nothing that needs JavaScript.
- **Text alternatives.** Diagrams are `role="img"` named by their title and described by their
  `alt` text; timelines are described event by event. The chart of all cases is a group of links,
  each reachable by keyboard, beside the table that holds the same information.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ElementTree
from html import escape

from macros.content import vocab
from macros.content.languages import BY_CODE
from macros.content.model import CaseStudy, EventDate, Figure, Handbook, Words
from macros.paths import Here, url

INK = "#1f2933"
MUTED = "#52606d"
LINE = "#7b8794"
BOX = "#e6f2f1"
EDGE = "#1f5f5b"
LANE = "#d9e2ec"
CHAR_WIDTH = 0.58  # average glyph width, in ems, of the sans-serif faces used (DejaVu Sans is the widest)
BOLD_CHAR_WIDTH = 0.64  # the same for bold: French and Spanish labels measured past the edge at 0.58
LABEL = 14
NOTE = 13
LINE_GAP = 1.25  # line height, in ems
DISPLAY_SCALE = 1.25  # the drawing's natural size on a wide screen, relative to its units

# Marker shape and colour of each timeline lane, so the lane is told by shape as well as place.
LANE_STYLE = {"I": ("square", "#1f5f5b"), "1.5": ("diamond", "#7a4fa3"), "II": ("circle", "#b25a00"),
              "other": ("triangle", "#52606d")}


# --- text ----------------------------------------------------------------------------------------


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to a width in drawing units; a word longer than the line gets a line of its own."""
    per_line = max(1, int(width / (size * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH))))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def text_block(lines: list[str], x: float, y: float, size: float, anchor: str = "start", bold: bool = False,
               fill: str = INK, css: str = "t2-f-text", lang: str = "") -> str:
    """Lines of text whose first baseline is at y; `lang` when they are not in the figure's language."""
    weight = ' font-weight="700"' if bold else ""
    weight += f' lang="{lang}"' if lang else ""
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else size * LINE_GAP:g}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text class="{css}" x="{x:g}" y="{y:g}" font-size="{size:g}" text-anchor="{anchor}" '
            f'fill="{fill}"{weight}>{spans}</text>')


def block_height(lines: int, size: float) -> float:
    return size * (1 + LINE_GAP * (lines - 1))


def box(x: float, y: float, w: float, h: float, css: str = "t2-f-box", fill: str = BOX, stroke: str = EDGE) -> str:
    return (f'<rect class="{css}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>')


def arrow(points: list[tuple[float, float]], css: str = "t2-f-line") -> str:
    """A polyline with an arrowhead at its last point."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    angle = math.atan2(y2 - y1, x2 - x1)
    head = [(x2, y2)] + [(x2 - 9 * math.cos(angle + s * 0.45), y2 - 9 * math.sin(angle + s * 0.45)) for s in (1, -1)]
    path = " ".join(f"{x:g},{y:g}" for x, y in points)
    head_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in head)
    return (f'<polyline class="{css}" points="{path}" fill="none" stroke="{LINE}" stroke-width="1.8"/>'
            f'<polygon class="{css}-head" points="{head_points}" fill="{LINE}"/>')


def labelled(item, width: float) -> tuple[list[str], list[str]]:
    return wrap(item.label, width, LABEL, bold=True), wrap(item.note, width, NOTE) if item.note else []


def labels_height(label: list[str], note: list[str]) -> float:
    """Height of a bold label and the note under it."""
    return block_height(len(label), LABEL) + (6 + block_height(len(note), NOTE) if note else 0)


def label_and_note(label: list[str], note: list[str], x: float, top: float) -> str:
    """A bold label whose text starts at `top`, and its note under it in the muted colour."""
    drawn = text_block(label, x, top + LABEL, LABEL, bold=True)
    if note:
        drawn += text_block(note, x, top + block_height(len(label), LABEL) + 6 + NOTE, NOTE, fill=MUTED,
                            css="t2-f-muted")
    return drawn


# --- the figure element ----------------------------------------------------------------------------


def svg(fig_id: str, width: float, height: float, title: str, desc: str, body: str, role: str = "img",
        direction: str = "ltr") -> str:
    """The drawing. Its direction is its own (an SVG inherits the page's, and text anchored at its start
    would run out of its box on a right-to-left page); right to left, it is drawn mirrored."""
    # data-search-exclude: the drawing's words would repeat its caption and the page in the search index.
    return (f'<svg class="t2-figure-art" data-search-exclude xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {width:g} {height:.0f}" direction="{direction}" '
            f'width="{width * DISPLAY_SCALE:g}" height="{height * DISPLAY_SCALE:.0f}" role="{role}" '
            f'aria-labelledby="{fig_id}-title" aria-describedby="{fig_id}-desc" font-family="DejaVu Sans, sans-serif">'
            f'<title id="{fig_id}-title">{escape(title)}</title><desc id="{fig_id}-desc">{escape(desc)}</desc>'
            f'{mirrored(body, width) if direction == "rtl" else body}</svg>')


SVG_NS = "{http://www.w3.org/2000/svg}"
FLIPPED_X = ("x", "x1", "x2", "cx")


def mirrored(body: str, width: float) -> str:
    """The drawing flipped left to right, for a right-to-left language: every x becomes width - x, and
    text keeps its anchor, which right to left means its other end. A text in a left-to-right language
    inside it (lang="en") keeps that direction, anchored at the same edge as the text around it."""
    group = ElementTree.fromstring(f'<g xmlns="{SVG_NS[1:-1]}">{body}</g>')
    for element in group.iter():
        element.tag = element.tag.removeprefix(SVG_NS)
        for name in FLIPPED_X:
            if name in element.attrib:
                right = float(element.get("width", 0)) if element.tag == "rect" else 0
                element.set(name, f"{width - float(element.get(name)) - right:g}")
        if "points" in element.attrib:
            element.set("points", " ".join(f"{width - float(x):g},{y}" for x, y in
                                           (point.split(",") for point in element.get("points").split())))
        if element.tag == "text" and element.get("lang"):
            anchor = {"start": "end", "end": "start"}.get(element.get("text-anchor", "start"), "middle")
            element.set("text-anchor", anchor)
            element.set("direction", "ltr")
    return "".join(ElementTree.tostring(child, encoding="unicode") for child in group)


def figure_block(fig_id: str, art: str, caption_html: str, css: str = "", language: str = "") -> str:
    """One HTML block (no blank line, so Markdown passes it through whole). `language`: the figure's, when it
    is not the page's (an English figure on a page whose translation has not reached it)."""
    extra = f" {css}" if css else ""
    marked = f' lang="{language}" dir="{BY_CODE[language].direction}"' if language else ""
    return (f'<figure class="t2-figure{extra}" id="{fig_id}"{marked}>{art}'
            f'<figcaption>{caption_html}</figcaption></figure>')


# --- concept diagrams ------------------------------------------------------------------------------


def sequence_art(fig: Figure, loop: bool = False) -> tuple[float, float, str]:
    """Numbered boxes top to bottom joined by arrows; a cycle adds the arrow back to the first."""
    width = 360
    left, box_w = 34, 326 - (44 if loop else 0)
    text_w = box_w - 20
    parts, y, centres = [], 8.0, []
    for number, item in enumerate(fig.items, start=1):
        label, note = labelled(item, text_w)
        h = 24 + labels_height(label, note)
        parts.append(box(left, y, box_w, h))
        parts.append(f'<circle class="t2-f-mark" cx="16" cy="{y + h / 2:g}" r="12" fill="{EDGE}"/>')
        parts.append(text_block([str(number)], 16, y + h / 2 + 5, 13, "middle", True, "#ffffff", "t2-f-on-mark"))
        parts.append(label_and_note(label, note, left + 10, y + 10))
        centres.append((y, h))
        y += h
        if number < len(fig.items):
            parts.append(arrow([(left + box_w / 2, y + 1), (left + box_w / 2, y + 21)]))
            y += 22
    if loop:
        (top, top_h), (bottom, bottom_h) = centres[0], centres[-1]
        right, lane = left + box_w, left + box_w + 30
        parts.append(arrow([(right + 1, bottom + bottom_h / 2), (lane, bottom + bottom_h / 2),
                            (lane, top + top_h / 2), (right + 2, top + top_h / 2)]))
    return width, y + 8, "".join(parts)


def pyramid_art(fig: Figure) -> tuple[float, float, str]:
    """A triangle cut into bands, narrow at the top, each band's label and note beside it."""
    width, tri_w, text_x = 360, 150, 168
    text_w = width - text_x - 4
    blocks = [labelled(item, text_w) for item in fig.items]
    heights = [max(64, 16 + labels_height(label, note)) for label, note in blocks]
    top, total = 8.0, sum(heights)

    def half(y: float) -> float:  # half the triangle's width at height y
        return (y - top) / total * tri_w / 2

    parts, y = [], top
    for (label, note), h in zip(blocks, heights):
        a, b = half(y), half(y + h)
        mid = tri_w / 2
        points = f"{mid - a:.1f},{y:.1f} {mid + a:.1f},{y:.1f} {mid + b:.1f},{y + h:.1f} {mid - b:.1f},{y + h:.1f}"
        parts.append(f'<polygon class="t2-f-box" points="{points}" fill="{BOX}" stroke="{EDGE}" stroke-width="1.5"/>')
        leader_y = y + h / 2
        parts.append(f'<line class="t2-f-rule" x1="{mid + half(leader_y) + 4:.1f}" y1="{leader_y:.1f}" '
                     f'x2="{text_x - 6}" y2="{leader_y:.1f}" stroke="{LINE}" stroke-width="1" stroke-dasharray="2 3"/>')
        parts.append(label_and_note(label, note, text_x, leader_y - labels_height(label, note) / 2 - 2))
        y += h
    return width, y + 8, "".join(parts)


def matrix_art(fig: Figure) -> tuple[float, float, str]:
    """Two rows by two columns, each row's label above its cells (room for long labels on a phone)."""
    width, gap = 360, 6
    cell_w = (width - gap) / 2
    column_heads = [wrap(c, cell_w - 8, NOTE, bold=True) for c in fig.columns]
    head_h = max(block_height(len(c), NOTE) for c in column_heads) + 8
    parts = [text_block(lines, i * (cell_w + gap) + cell_w / 2, NOTE + 2, NOTE, "middle", True)
             for i, lines in enumerate(column_heads)]
    y = head_h + 4
    cells = [labelled(item, cell_w - 16) for item in fig.items]
    for row in range(2):
        row_head = wrap(fig.rows[row], width - 8, NOTE, bold=True)
        parts.append(f'<line class="t2-f-rule" x1="0" y1="{y + 3:g}" x2="{width}" y2="{y + 3:g}" stroke="{LINE}" '
                     'stroke-width="1"/>')
        parts.append(text_block(row_head, 0, y + 6 + NOTE, NOTE, bold=True, fill=MUTED, css="t2-f-muted"))
        y += 12 + block_height(len(row_head), NOTE)
        row_cells = cells[row * 2:row * 2 + 2]
        h = max(18 + labels_height(label, note) for label, note in row_cells)
        for col, (label, note) in enumerate(row_cells):
            x = col * (cell_w + gap)
            parts.append(box(x, y, cell_w, h))
            parts.append(label_and_note(label, note, x + 8, y + 8))
        y += h + gap + 4
    return width, y, "".join(parts)


def wheel_art(fig: Figure) -> tuple[float, float, str]:
    """A hub: the centre in the middle, the items in a column on each side, each joined to the centre
    (an odd item out sits on top). Compact enough to read on a phone."""
    width, box_w, radius, gap = 360, 118, 50, 10
    blocks = [wrap(item.label, box_w - 12, NOTE) for item in fig.items]
    heights = [block_height(len(lines), NOTE) + 14 for lines in blocks]
    top = [0] if len(blocks) % 2 else []
    sides = [i for i in range(len(blocks)) if i not in top]
    left, right = sides[:len(sides) // 2], sides[len(sides) // 2:]
    y0 = 8 + (heights[0] + 2 * gap if top else 0)
    rects: dict[int, tuple[float, float, float, float]] = {}
    if top:
        rects[0] = ((width - box_w) / 2, 8, box_w, heights[0])
    for column, x in ((left, 0), (right, width - box_w)):
        y = y0
        for i in column:
            rects[i] = (x, y, box_w, heights[i])
            y += heights[i] + gap
    bottom = max(r[1] + r[3] for r in rects.values())
    cx, cy = width / 2, max((y0 + bottom) / 2, y0 + radius + 4)
    parts = [f'<line class="t2-f-rule" x1="{cx:g}" y1="{cy:.1f}" x2="{x + w / 2 if i in top else (x + w if x < cx else x):.1f}" '
             f'y2="{y + h if i in top else y + h / 2:.1f}" stroke="{LINE}" stroke-width="1.2"/>'
             for i, (x, y, w, h) in rects.items()]
    parts.append(f'<circle class="t2-f-box" cx="{cx:g}" cy="{cy:.1f}" r="{radius}" fill="{BOX}" stroke="{EDGE}" '
                 'stroke-width="1.5"/>')
    centre = wrap(fig.centre or "", radius * 1.7, LABEL, bold=True)
    parts.append(text_block(centre, cx, cy - block_height(len(centre), LABEL) / 2 + LABEL - 3, LABEL, "middle", True))
    for i, (x, y, w, h) in sorted(rects.items()):
        parts.append(box(x, y, w, h))
        parts.append(text_block(blocks[i], x + w / 2, y + 7 + NOTE - 1, NOTE, "middle"))
    return width, max(bottom, cy + radius) + 8, "".join(parts)


def fan_art(fig: Figure) -> tuple[float, float, str]:
    """A start, the routes side by side as rows, and where they arrive: every route joins both ends."""
    width, rail_l, rail_r = 360, 14, 346
    inner_x, inner_w = 30, 300
    parts, y = [], 8.0
    start = wrap(fig.start or "", width - 24, LABEL, bold=True)
    start_h = block_height(len(start), LABEL) + 18
    parts += [box(0, y, width, start_h), text_block(start, width / 2, y + 9 + LABEL - 1, LABEL, "middle", True)]
    y += start_h + 14
    rows = []
    for item in fig.items:
        label, note = labelled(item, inner_w - 16)
        h = 22 + labels_height(label, note)
        parts.append(box(inner_x, y, inner_w, h, "t2-f-route", "#ffffff"))
        parts.append(label_and_note(label, note, inner_x + 8, y + 8))
        rows.append(y + h / 2)
        y += h + 8
    end_y = y + 10
    top_y = 8 + start_h
    parts.append(f'<line class="t2-f-rule" x1="{rail_l}" y1="{top_y:g}" x2="{rail_l}" y2="{rows[-1]:.1f}" '
                 f'stroke="{LINE}" stroke-width="1.8"/>')
    parts += [arrow([(rail_l, r), (inner_x - 1, r)]) for r in rows]
    parts += [f'<line class="t2-f-rule" x1="{inner_x + inner_w}" y1="{r:.1f}" x2="{rail_r}" y2="{r:.1f}" '
              f'stroke="{LINE}" stroke-width="1.8"/>' for r in rows]
    parts.append(arrow([(rail_r, rows[0]), (rail_r, end_y - 1)]))
    end = wrap(fig.end or "", width - 24, LABEL, bold=True)
    end_h = block_height(len(end), LABEL) + 18
    parts += [box(0, end_y, width, end_h), text_block(end, width / 2, end_y + 9 + LABEL - 1, LABEL, "middle", True)]
    return width, end_y + end_h + 8, "".join(parts)


DRAWINGS = {
    "cycle": lambda fig: sequence_art(fig, loop=True),
    "sequence": sequence_art,
    "pyramid": pyramid_art,
    "matrix": matrix_art,
    "wheel": wheel_art,
    "fan": fan_art,
}


def diagram(fig: Figure, sources_html: str = "", page_language: str = "en") -> str:
    """A concept diagram from its entry in figures.yml (or its translation), drawn in its words' direction;
    `sources_html`: its citation, already rendered."""
    width, height, body = DRAWINGS[fig.kind](fig)
    fig_id = f"figure-{fig.id}"
    art = svg(fig_id, width, height, fig.title, fig.alt, body, direction=BY_CODE[fig.language].direction)
    caption = f'<span class="t2-figure-title">{escape(fig.title)}.</span> {escape(fig.caption)}'
    return figure_block(fig_id, art, caption + (f" {sources_html}" if sources_html else ""),
                        language=fig.language if fig.language != page_language else "")


def diagram_in_words(fig: Figure, sources_html: str = "") -> str:
    """A concept diagram as structured text rather than a drawing: its labels and notes in order (a
    matrix as a table), with its title and caption. For PDFs in a right-to-left language: WeasyPrint
    lays out SVG text one letter at a time, so Arabic drawn there comes out unjoined and reversed,
    while HTML text is shaped and ordered properly."""
    item = lambda i: f"<strong>{escape(i.label)}</strong>" + (f"<br>{escape(i.note)}" if i.note else "")  # noqa: E731
    if fig.kind == "matrix":
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in fig.columns)
        rows = "".join(f'<tr><th scope="row">{escape(fig.rows[r])}</th>'
                       + "".join(f"<td>{item(i)}</td>" for i in fig.items[r * 2:r * 2 + 2]) + "</tr>" for r in range(2))
        body = f'<table class="t2-figure-words"><thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table>'
    else:
        listed = "ul" if fig.kind == "wheel" else "ol"
        end = lambda words: f'<p class="t2-figure-words"><strong>{escape(words)}</strong></p>' if words else ""  # noqa: E731
        body = (end(fig.centre or fig.start) + f'<{listed} class="t2-figure-words">'
                + "".join(f"<li>{item(i)}</li>" for i in fig.items) + f"</{listed}>" + end(fig.end))
    caption = f'<span class="t2-figure-title">{escape(fig.title)}.</span> {escape(fig.caption)}'
    return figure_block(f"figure-{fig.id}", body, caption + (f" {sources_html}" if sources_html else ""),
                        "t2-figure-in-words")


# --- case timelines --------------------------------------------------------------------------------


def date_words(date: EventDate, words: Words) -> str:
    """29 September 1993, September 1993 or 1993, in the page's language."""
    if date.month and date.day:
        return words.date(dt.date(date.year, date.month, date.day))
    return words.date(dt.date(date.year, date.month, 1), "yMMMM") if date.month else str(date.year)


def date_short(date: EventDate, words: Words) -> str:
    """29 Sept 1993, Sept 1993 or 1993 (CLDR's abbreviated month): the form drawn in a narrow column."""
    if not date.month:
        return str(date.year)
    return words.date(dt.date(date.year, date.month, date.day or 1), "yMMMd" if date.day else "yMMM")


def marker(track: str, x: float, y: float) -> str:
    shape, colour = LANE_STYLE[track]
    css = f"t2-f-lane-mark t2-f-lane-{track.replace('.', '-')}"
    if shape == "square":
        return f'<rect class="{css}" x="{x - 6:g}" y="{y - 6:g}" width="12" height="12" fill="{colour}"/>'
    if shape == "diamond":
        return f'<polygon class="{css}" points="{x:g},{y - 7.5:g} {x + 7.5:g},{y:g} {x:g},{y + 7.5:g} {x - 7.5:g},{y:g}" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon class="{css}" points="{x:g},{y - 7:g} {x + 7:g},{y + 6:g} {x - 7:g},{y + 6:g}" fill="{colour}"/>'
    return f'<circle class="{css}" cx="{x:g}" cy="{y:g}" r="6.5" fill="{colour}"/>'


def lane_head(track: str, words: Words) -> str:
    """A lane's short head: the track's number, or 'Other'."""
    return words["other_lane"] if track == "other" else track


def timeline_desc(case: CaseStudy, words: Words) -> str:
    lanes = ", ".join(words[f"event_tracks:{t}"] for t in vocab.EVENT_TRACKS)
    events = " ".join(f"{date_words(e.date, words)}, {words[f'event_tracks:{e.track}']}: {e.what.rstrip('.')}."
                      for e in case.events)
    frame = (words["timeline_desc"].replace("%events", words.counted("events", len(case.events)))
             .replace("%first", str(case.years[0])).replace("%last", str(case.years[1])).replace("%lanes", lanes))
    return f"{frame} {events}"


def timeline(case: CaseStudy, sources_html: str, words: Words) -> str:
    """The case's events, one row each in date order, marked in the lane of the track that acted. The
    frame is in the page's language; what happened is the case's English text (marked so) until
    its full text is translated."""
    width, lane_w, text_x = 400, 30, 136
    lanes = {track: 14 + lane_w * i + lane_w / 2 for i, track in enumerate(vocab.EVENT_TRACKS)}
    text_w = width - text_x - 4
    english = "en" if words.language != "en" else ""
    head = [text_block([words["timeline_track"]], lanes["1.5"], 14, NOTE, "middle", True, MUTED, "t2-f-muted")]
    head += [text_block([lane_head(t, words)], x, 32, NOTE, "middle", True, MUTED, "t2-f-muted")
             for t, x in lanes.items()]
    rows, y = [], 46.0
    for event in case.events:
        what = wrap(event.what, text_w, NOTE)
        h = block_height(1 + len(what), NOTE) + 14
        mark_y = y + NOTE - 4
        rows.append(f'<line class="t2-f-rule" x1="{lanes[event.track] + 9:g}" y1="{mark_y:g}" x2="{text_x - 6}" '
                    f'y2="{mark_y:g}" stroke="{LINE}" stroke-width="1" stroke-dasharray="2 3"/>')
        rows.append(marker(event.track, lanes[event.track], mark_y))
        rows.append(text_block([date_short(event.date, words)], text_x, y + NOTE, NOTE, bold=True))
        rows.append(text_block(what, text_x, y + NOTE * (1 + LINE_GAP), NOTE, lang=english))
        y += h
    rails = "".join(f'<line class="t2-f-lane" x1="{x:g}" y1="40" x2="{x:g}" y2="{y - 6:g}" stroke="{LANE}" '
                    f'stroke-width="2"/>' for x in lanes.values())
    fig_id = f"timeline-{case.id}"
    title = words["timeline_title"].replace("%case", case.short).replace("%years", f"{case.years[0]}–{case.years[1]}")
    art = svg(fig_id, width, y + 4, title, timeline_desc(case, words), rails + "".join(head) + "".join(rows),
              direction=BY_CODE[words.language].direction)
    lanes_text = f"{words['comma']} ".join(f"{lane_head(t, words)}{words['colon']} {words[f'event_tracks:{t}']}"
                           for t in vocab.EVENT_TRACKS)
    caption = (f'<span class="t2-figure-title">{escape(title)}.</span> '
               f"{escape(words['timeline_caption'].replace('%lanes', lanes_text))} {sources_html}")
    return figure_block(fig_id, art, caption, "t2-timeline")


# --- the chart of all cases ------------------------------------------------------------------------


def decade_span(cases: list[CaseStudy]) -> tuple[int, int]:
    first = min(c.years[0] for c in cases) // 10 * 10
    last = (max(c.years[1] for c in cases) // 10 + 1) * 10
    return first, last


def case_chart(handbook: Handbook, here: Here) -> str:
    """Every case as a bar over its years, grouped by region; each bar and label is a link to the case."""
    cases = list(handbook.cases.values())
    if not cases:
        return ""
    width, row_h, head_h = 400, 32, 26
    first, last = decade_span(cases)

    def x_of(year: float) -> float:
        return 18 + (year - first) / (last - first) * (width - 36)  # room for the outer tick labels

    parts, y = [], 24.0
    for region in vocab.REGIONS:
        members = sorted((c for c in cases if c.region == region), key=lambda c: (c.years, c.short))
        if not members:
            continue
        parts.append(text_block([handbook.ui[f"regions:{region}"]], 4, y + 16, LABEL, bold=True))
        parts.append(f'<line class="t2-f-rule" x1="4" y1="{y + head_h - 4:g}" x2="{width - 4}" '
                     f'y2="{y + head_h - 4:g}" stroke="{LINE}" stroke-width="1"/>')
        y += head_h
        for case in members:
            start, end = x_of(case.years[0]), x_of(case.years[1] + 1)
            label = f"{case.short} ({case.years[0]}–{case.years[1]})" if case.years[0] != case.years[1] \
                else f"{case.short} ({case.years[0]})"
            label_w = len(label) * NOTE * CHAR_WIDTH
            label_x = min(start, width - 4 - label_w)
            href = escape(url(here, case.page.path))
            parts.append(
                f'<a class="t2-f-link" href="{href}"><title>{escape(case.title)}</title>'
                f'<rect class="t2-f-hit" x="1" y="{y:g}" width="{width - 2}" height="{row_h - 2}" rx="4" '
                f'fill="transparent"/>'
                + text_block([label], max(4.0, label_x), y + NOTE, NOTE, css="t2-f-text t2-f-link-text")
                + f'<rect class="t2-f-bar" x="{start:.1f}" y="{y + 18:g}" width="{max(end - start, 4):.1f}" '
                  f'height="8" rx="2" fill="{EDGE}"/></a>')
            y += row_h
        y += 6
    ticks = "".join(
        f'<line class="t2-f-grid" x1="{x_of(year):.1f}" y1="20" x2="{x_of(year):.1f}" y2="{y:g}" stroke="{LANE}" '
        f'stroke-width="1"/>' + text_block([str(year)], x_of(year), 14, NOTE, "middle", fill=MUTED, css="t2-f-muted")
        for year in range(first, last + 1, 10))
    fig_id, words = "figure-case-chart", handbook.ui
    title = words["chart_title"].replace("%cases", words.counted("cases", len(cases)))
    desc = words["chart_desc"].replace("%first", str(first)).replace("%last", str(last))
    art = svg(fig_id, width, y + 4, title, desc, ticks + "".join(parts), role="group",
              direction=BY_CODE[handbook.language].direction)
    caption = f'<span class="t2-figure-title">{escape(title)}.</span> {escape(words["chart_caption"])}'
    return figure_block(fig_id, art, caption, "t2-case-chart")
