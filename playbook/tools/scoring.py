"""The scoring method of docs/scoring.md, in pure Python.

docs/assets/js/assessment.js mirrors it line for line.

Both implementations pass tests/scoring_vectors.json. Keep the order of arithmetic identical to the
JS (plain left-to-right sums, one division per dimension) so that both produce the same floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..data.models import Assessment, Recommendation, Stage

NOT_APPLICABLE = "na"
# How many of the lowest-scoring dimensions get a recommendation.
WEAKEST = 2


@dataclass(frozen=True)
class DimensionScore:
    """One dimension's result: the exact mean (0-100) and its rounded form.

    Both are None without scored answers.
    """

    id: str
    title: str
    score: float | None
    rounded: int | None
    answered: int
    total: int


@dataclass(frozen=True)
class Result:
    """The whole result: overall score and stage, dimensions, weakest dimensions.

    Score and stage are None without scored answers.
    """

    score: int | None
    stage: Stage | None
    answered: int
    total: int
    dimensions: tuple[DimensionScore, ...]
    weakest: tuple[DimensionScore, ...]

    def to_dict(self) -> dict:
        """The result in the shape PlaybookAssessment.score returns in the browser."""
        return {
            "score": self.score,
            "stage": self.stage.id if self.stage else None,
            "answered": self.answered,
            "total": self.total,
            "dimensions": [
                {
                    "id": d.id,
                    "score": d.score,
                    "rounded": d.rounded,
                    "answered": d.answered,
                    "total": d.total,
                }
                for d in self.dimensions
            ],
            "weakest": [d.id for d in self.weakest],
        }


def round_half_up(x: float) -> int:
    """Round half up; the tiny margin absorbs binary noise such as 62.49999999999999 for 62.5."""
    return math.floor(x + 0.5 + 1e-9)


def valid_answer(assessment: Assessment, value) -> bool:
    """An answer is a level value of the scale, or "na" when the scale offers not applicable."""
    if value == NOT_APPLICABLE:
        return assessment.not_applicable is not None
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and value in [level.value for level in assessment.levels]
    )


def clean_answers(assessment: Assessment, answers: dict) -> tuple[dict, list[str]]:
    """Answers to current questions with valid values, and the ids of questions no longer there."""
    known = {q.id for q in assessment.questions}
    kept = {q: v for q, v in answers.items() if q in known and valid_answer(assessment, v)}
    gone = sorted(q for q in answers if q not in known)
    return kept, gone


def stage_for(assessment: Assessment, score: int | None) -> Stage | None:
    """The stage whose band holds a rounded score.

    A band's min is inclusive and its max exclusive, except for a band ending at 100.
    """
    if score is None:
        return None
    for stage in assessment.stages:
        if stage.min <= score and (score < stage.max or score == stage.max == 100):
            return stage
    return None


def band_scores(stage: Stage) -> tuple[int, int]:
    """The lowest and highest whole score in a stage's band (docs/scoring.md, "Stage").

    Scores are whole numbers, so the half-open band [min, max) holds ceil(min) up to the last
    whole number below max; the band that ends at 100 holds 100 as well. Lowest above highest
    means the band holds no whole score (validation refuses that).
    """
    highest = 100 if stage.max == 100 else math.ceil(stage.max) - 1
    return math.ceil(stage.min), highest


def band_text(stage: Stage) -> str:
    """A stage's band as printed everywhere: "0–49", "50–100", never "0–50" and "50–100"."""
    lowest, highest = band_scores(stage)
    return f"{lowest}–{highest}"


def score(assessment: Assessment, answers: dict) -> Result:
    """Score answers {question id: level value or "na"}, ignoring invalid values and unknown ids."""
    lowest = assessment.levels[0].value
    span = assessment.levels[-1].value - lowest
    total_score, scored_dimensions, answered = 0.0, 0, 0
    dimensions = []
    for dim in assessment.dimensions:
        # Sum the weighted distances from the lowest level and the weights, then divide once,
        # exactly as the JS does.
        acc, weights, dim_answered = 0, 0, 0
        for question in dim.questions:
            value = answers.get(question.id)
            if value is None or not valid_answer(assessment, value):
                continue
            dim_answered += 1
            if value != NOT_APPLICABLE:
                acc += question.weight * (value - lowest)
                weights += question.weight
        exact = acc * 100 / (weights * span) if weights else None
        if exact is not None:
            total_score += exact
            scored_dimensions += 1
        answered += dim_answered
        dimensions.append(
            DimensionScore(
                dim.id,
                dim.title,
                exact,
                round_half_up(exact) if exact is not None else None,
                dim_answered,
                len(dim.questions),
            )
        )
    overall = round_half_up(total_score / scored_dimensions) if scored_dimensions else None
    # Lowest exact score first; sorted() is stable, so ties keep page order
    # (as Array.prototype.sort does).
    weakest = tuple(
        sorted((d for d in dimensions if d.score is not None), key=lambda d: d.score)[:WEAKEST]
    )
    return Result(
        overall,
        stage_for(assessment, overall),
        answered,
        len(assessment.questions),
        tuple(dimensions),
        weakest,
    )


def recommendations(
    assessment: Assessment, result: Result
) -> list[tuple[DimensionScore, Stage, Recommendation]]:
    """For each weakest dimension, the recommendation for the stage its own score falls in."""
    out = []
    for dim in result.weakest:
        stage = stage_for(assessment, dim.rounded)
        rec = next(
            (
                r
                for r in assessment.recommendations
                if stage and r.dimension == dim.id and r.stage == stage.id
            ),
            None,
        )
        if rec is not None:
            out.append((dim, stage, rec))
    return out
