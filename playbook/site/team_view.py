"""What a team page hands to its script.

The assessment's data plus the agreement bands and the question texts that the "talk about these
first" list shows.
"""

from __future__ import annotations

from ..data.models import Assessment
from .assessment_view import page_data
from .rendering import Renderer


def team_page_data(assessment: Assessment, renderer: Renderer) -> dict:
    """The assessment page's data, the agreement bands and each question's text by id."""
    return {
        **page_data(assessment, renderer),
        "agreement": [{"id": band.id, "max_sd": band.max_sd} for band in assessment.agreement],
        "questions": {question.id: question.text for question in assessment.questions},
    }
