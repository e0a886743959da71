"""What an assessment page hands to its script: the JSON data and the radar chart's geometry."""

from __future__ import annotations

import html
import math
import textwrap

import nh3

from ..data.models import Assessment
from .rendering import Renderer

# Radar chart: axis length and where labels sit, in SVG user units (the viewBox is centred on 0,0).
RADIUS = 100
LABEL_AT = 112
LINE_HEIGHT = 12
RINGS = (0.25, 0.5, 0.75, 1.0)


def plain(renderer: Renderer, text: str | None) -> str:
    """Data Markdown as plain text, for scripts that write text only."""
    if not text:
        return ""
    return " ".join(html.unescape(nh3.clean(str(renderer.markdown(text)), tags=set())).split())


def page_data(assessment: Assessment, renderer: Renderer) -> dict:
    """The assessment as the page script reads it (recommendations are in the page instead)."""
    return {
        "id": assessment.id,
        "version": assessment.version,
        "levels": [{"value": level.value, "label": level.label} for level in assessment.levels],
        "na": assessment.not_applicable,
        "weights": weights(assessment),
        "dimensions": [
            {"id": d.id, "title": d.title, "questions": [q.id for q in d.questions]}
            for d in assessment.dimensions
        ],
        "stages": [
            {
                "id": s.id,
                "title": s.title,
                "min": s.min,
                "max": s.max,
                "description": plain(renderer, s.description),
            }
            for s in assessment.stages
        ],
    }


def scoring_data(assessment: Assessment) -> dict:
    """What scoring needs (docs/scoring.md): scale, dimensions with question ids, stage bands."""
    return {
        "id": assessment.id,
        "version": assessment.version,
        "levels": [{"value": level.value} for level in assessment.levels],
        "na": assessment.not_applicable,
        "weights": weights(assessment),
        "dimensions": [
            {"id": d.id, "questions": [q.id for q in d.questions]} for d in assessment.dimensions
        ],
        "stages": [{"id": s.id, "min": s.min, "max": s.max} for s in assessment.stages],
    }


def weights(assessment: Assessment) -> dict[str, int | float]:
    """The weight of each question that does not count once; the scorer takes 1 for the rest."""
    return {q.id: q.weight for q in assessment.questions if q.weight != 1}


def _point(i: int, n: int, r: float) -> tuple[float, float]:
    """Axis i of n, clockwise from the top, at distance r."""
    angle = 2 * math.pi * i / n
    return round(r * math.sin(angle), 2), round(-r * math.cos(angle), 2)


def radar(assessment: Assessment) -> dict:
    """Axes, rings and wrapped labels of the radar chart; the script draws the score polygon."""
    n = len(assessment.dimensions)
    axes = []
    for i, dim in enumerate(assessment.dimensions):
        x, y = _point(i, n, RADIUS)
        lx, ly = _point(i, n, LABEL_AT)
        lines = textwrap.wrap(dim.title, 18) or [dim.title]
        # Labels above the centre grow upwards, those beside it are centred on the axis.
        if ly < -1:
            ly -= (len(lines) - 1) * LINE_HEIGHT
        elif ly <= 1:
            ly -= (len(lines) - 1) * LINE_HEIGHT / 2
        else:
            ly += LINE_HEIGHT * 0.8
        anchor = "middle" if abs(lx) < 1 else ("start" if lx > 0 else "end")
        axes.append(
            {"x": x, "y": y, "lx": lx, "ly": round(ly, 2), "anchor": anchor, "lines": lines}
        )
    rings = [
        " ".join(f"{px},{py}" for px, py in (_point(i, n, RADIUS * f) for i in range(n)))
        for f in RINGS
    ]
    return {"axes": axes, "rings": rings}
