"""A team's self-assessments, aggregated by the method in docs/scoring.md ("Assessing as a team").

Every member exports their answers; this module reads those exports (and team exports, which
carry their members), leaves out what cannot be used with the reason, and computes per dimension
the mean, minimum, maximum, population standard deviation and agreement, the team score and stage,
and the questions the team should talk about first. The team page's script repeats the same
arithmetic; both pass tests/team_vectors.json.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..data.models import Assessment, Stage
from .exports import ExportError
from .scoring import (
    NOT_APPLICABLE,
    band_text,
    clean_answers,
    round_half_up,
    score,
    stage_for,
)

# A question is worth talking about when the members' answers span at least this share of the scale.
DISAGREEMENT_SHARE = 0.5


@dataclass(frozen=True)
class Member:
    """One member's answers to one assessment, as their export gave them."""

    answers: dict
    exported_at: str = ""
    respondent: str = ""
    team: str = ""
    source: str = ""


@dataclass(frozen=True)
class Exclusion:
    """A file or member left out of the aggregate, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class DimensionStats:
    """The team's figures for one dimension, over the members who have a score in it."""

    id: str
    title: str
    members: int
    mean: float | None
    minimum: float | None
    maximum: float | None
    deviation: float | None
    agreement: str | None

    @property
    def rounded(self) -> int | None:
        """The mean as the page shows it: rounded half up, as single scores are."""
        return round_half_up(self.mean) if self.mean is not None else None


@dataclass(frozen=True)
class Disagreement:
    """A question whose answers span at least half the scale, with each member's answer."""

    question_id: str
    text: str
    spread: float
    answers: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class TeamResult:
    """Everything the team view shows, computed from the members who could be used."""

    members: tuple[Member, ...]
    dimensions: tuple[DimensionStats, ...]
    score: int | None
    stage: Stage | None
    talk_first: tuple[Disagreement, ...]
    excluded: tuple[Exclusion, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """The figures in the shape the page's script returns, for JSON output and the vectors."""
        return {
            "members": len(self.members),
            "score": self.score,
            "stage": self.stage.id if self.stage else None,
            "dimensions": [
                {
                    "id": d.id,
                    "members": d.members,
                    "mean": d.mean,
                    "rounded": d.rounded,
                    "min": d.minimum,
                    "max": d.maximum,
                    "sd": d.deviation,
                    "agreement": d.agreement,
                }
                for d in self.dimensions
            ],
            "talk_first": [
                {
                    "question": d.question_id,
                    "spread": d.spread,
                    "answers": [[who, value] for who, value in d.answers],
                }
                for d in self.talk_first
            ],
            "excluded": [{"source": e.source, "reason": e.reason} for e in self.excluded],
        }


def population_sd(values: list[float]) -> float:
    """The population standard deviation (divide by n, not n - 1): the team is the population."""
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def agreement_label(assessment: Assessment, deviation: float | None) -> str | None:
    """The id of the first agreement band whose ``max_sd`` the deviation does not exceed."""
    if deviation is None:
        return None
    for band in assessment.agreement:
        if band.max_sd is None or deviation <= band.max_sd:
            return band.id
    return None


def unique_members(members: Iterable[Member]) -> tuple[list[Member], list[Exclusion]]:
    """Members in order, leaving out a repeat of the same respondent and export time."""
    kept, excluded, seen = [], [], set()
    for member in members:
        # Anonymous exports are told apart by their time alone: two at the same instant are one.
        key = (member.respondent, member.exported_at)
        if key in seen:
            excluded.append(Exclusion(member.source, "a duplicate of another file"))
            continue
        seen.add(key)
        kept.append(member)
    return kept, excluded


def talk_first(assessment: Assessment, members: list[Member]) -> tuple[Disagreement, ...]:
    """Questions whose numeric answers span at least half the scale, the widest spread first."""
    lowest, highest = assessment.levels[0].value, assessment.levels[-1].value
    threshold = (highest - lowest) * DISAGREEMENT_SHARE
    # Names are shown only when every member gave one; otherwise members are numbered by their
    # place in the team, the same number on every question.
    everyone_named = all(m.respondent for m in members)
    labels = [
        m.respondent if everyone_named else f"#{index + 1}" for index, m in enumerate(members)
    ]
    found = []
    for position, question in enumerate(assessment.questions):
        given = [
            (labels[index], m.answers[question.id])
            for index, m in enumerate(members)
            if question.id in m.answers
        ]
        numbers = [value for _, value in given if value != NOT_APPLICABLE]
        if len(numbers) < 2 or max(numbers) - min(numbers) < threshold:
            continue
        spread = (max(numbers) - min(numbers)) / (highest - lowest) * 100
        found.append(
            (-spread, position, Disagreement(question.id, question.text, spread, tuple(given)))
        )
    return tuple(item for _, _, item in sorted(found, key=lambda entry: entry[:2]))


def aggregate(
    assessment: Assessment, members: Iterable[Member], excluded: Iterable[Exclusion] = ()
) -> TeamResult:
    """The team's figures for ``assessment`` from its members' answers (docs/scoring.md)."""
    kept, duplicates = unique_members(members)
    # Answers to retired questions, or with values the scale lacks, are dropped as on import.
    cleaned = [
        Member(
            clean_answers(assessment, m.answers)[0], m.exported_at, m.respondent, m.team, m.source
        )
        for m in kept
    ]
    results = [score(assessment, m.answers) for m in cleaned]
    dimensions, means = [], []
    for index, dimension in enumerate(assessment.dimensions):
        scores = [r.dimensions[index].score for r in results]
        present = [s for s in scores if s is not None]
        if not present:
            dimensions.append(
                DimensionStats(dimension.id, dimension.title, 0, None, None, None, None, None)
            )
            continue
        mean = sum(present) / len(present)
        deviation = population_sd(present)
        means.append(mean)
        dimensions.append(
            DimensionStats(
                dimension.id,
                dimension.title,
                len(present),
                mean,
                min(present),
                max(present),
                deviation,
                agreement_label(assessment, deviation),
            )
        )
    overall = round_half_up(sum(means) / len(means)) if means else None
    return TeamResult(
        tuple(cleaned),
        tuple(dimensions),
        overall,
        stage_for(assessment, overall),
        talk_first(assessment, cleaned),
        tuple(excluded) + tuple(duplicates),
    )


def members_of(doc: dict, source: str) -> list[Member]:
    """The members an export carries: one for an assessment export, each member of a team export."""
    if doc.get("kind") == "team":
        return [
            Member(
                entry.get("answers", {}),
                entry.get("exported_at", ""),
                entry.get("respondent", ""),
                entry.get("team", ""),
                source,
            )
            for entry in doc["data"]["members"]
        ]
    return [
        Member(
            doc["data"].get("answers", {}),
            doc.get("exported_at", ""),
            doc.get("respondent", ""),
            doc.get("team", ""),
            source,
        )
    ]


def by_team(result_members: Iterable[Member]) -> dict[str, list[Member]]:
    """Members grouped by their team name, in the order teams first appear ("" for no team)."""
    groups: dict[str, list[Member]] = {}
    for member in result_members:
        groups.setdefault(member.team, []).append(member)
    return groups


def gather(paths: Iterable, read) -> tuple[str | None, list[Member], list[Exclusion]]:
    """The members of every readable export of one assessment, and the files left out with why.

    ``read(path)`` returns a checked export or raises ExportError saying what is wrong.
    The assessment is the one the first usable file names; files for another are left out.
    """
    assessment_id, members, excluded = None, [], []
    for path in paths:
        source = str(path)
        try:
            doc = read(path)
        except ExportError as error:
            # A broken file is reported and left out; the other files still aggregate.
            excluded.append(Exclusion(source, str(error)))
            continue
        if doc.get("kind") not in ("assessment", "team"):
            excluded.append(Exclusion(source, f"a {doc.get('kind')} export, not answers"))
            continue
        if assessment_id is None:
            assessment_id = doc["id"]
        if doc["id"] != assessment_id:
            excluded.append(
                Exclusion(source, f"answers to '{doc['id']}', not to '{assessment_id}'")
            )
            continue
        members += members_of(doc, source)
    return assessment_id, members, excluded


def team_export(assessment: Assessment, result: TeamResult, exported_at: str) -> dict:
    """The team view as an export of kind "team" (data/schema/export.schema.json)."""
    members = []
    for member in result.members:
        entry = {"exported_at": member.exported_at, "answers": member.answers}
        if member.respondent:
            entry["respondent"] = member.respondent
        if member.team:
            entry["team"] = member.team
        members.append(entry)
    return {
        "format": "social-media-playbook",
        "format_version": 1,
        "kind": "team",
        "id": assessment.id,
        "content_version": assessment.version,
        "exported_at": exported_at,
        "data": {"members": members, "result": result.to_dict()},
    }


def figure(value: float | None) -> str:
    """A score as the page prints it: rounded half up, or a dash when there is none."""
    return "-" if value is None else str(round_half_up(value))


def report(assessment: Assessment, result: TeamResult, teams: dict[str, TeamResult]) -> str:
    """The team view as text: team score, each dimension, what to talk about, what was left out."""
    stage = f"{result.stage.title} ({band_text(result.stage)})" if result.stage else "no stage yet"
    lines = [
        f"{assessment.title} ({assessment.id}): team of {len(result.members)}",
        f"Team score {figure(result.score)} / 100, {stage}",
        "",
        f"{'dimension':32} {'mean':>5} {'min':>5} {'max':>5} {'sd':>6} {'n':>3}  agreement",
    ]
    for d in result.dimensions:
        sd = "-" if d.deviation is None else f"{d.deviation:.1f}"
        lines.append(
            f"{d.title[:32]:32} {figure(d.mean):>5} {figure(d.minimum):>5} {figure(d.maximum):>5}"
            f" {sd:>6} {d.members:>3}  {d.agreement or '-'}"
        )
    if result.talk_first:
        lines += ["", "Talk about these first:"]
        for item in result.talk_first:
            answers = ", ".join(f"{who}: {value}" for who, value in item.answers)
            lines.append(f"  {item.question_id} (spread {figure(item.spread)}): {answers}")
    if len(teams) > 1:
        lines += ["", "By team:"]
        for name, team in teams.items():
            lines.append(
                f"  {name or '(no team)'}: {len(team.members)} members, score {figure(team.score)}"
            )
    if result.excluded:
        lines += ["", "Left out:"]
        lines += [f"  {e.source}: {e.reason}" for e in result.excluded]
    return "\n".join(lines) + "\n"


def csv_rows(result: TeamResult, teams: dict[str, TeamResult]) -> list[list]:
    """One row per dimension, for the whole team and then each named team (teams of teams)."""
    rows = [["team", "dimension", "members", "mean", "min", "max", "sd", "agreement"]]
    groups = [("(all)", result)] + [(name, team) for name, team in teams.items() if len(teams) > 1]
    for name, group in groups:
        for d in group.dimensions:
            rows.append(
                [
                    name or "(no team)",
                    d.id,
                    d.members,
                    d.mean,
                    d.minimum,
                    d.maximum,
                    d.deviation,
                    d.agreement or "",
                ]
            )
    return rows
