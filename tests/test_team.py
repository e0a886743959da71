"""Team aggregation (docs/scoring.md, "Assessing as a team"): the shared vectors, worked out by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from playbook.data.models import Assessment
from playbook.tools.team import Member, aggregate, population_sd

VECTORS = json.loads((Path(__file__).parent / "team_vectors.json").read_text(encoding="utf-8"))


def vector_assessment(name: str) -> Assessment:
    return Assessment.from_dict(VECTORS["assessments"][name])


def close(actual, expected) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return math.isclose(actual, expected, abs_tol=1e-6)


def check(result: dict, expected: dict) -> None:
    """Compare a result (TeamResult.to_dict or the page's) with a vector's expectations."""
    assert result["members"] == expected["members"]
    assert result["score"] == expected["score"]
    assert result["stage"] == expected["stage"]
    dimensions = {d["id"]: d for d in result["dimensions"]}
    assert set(dimensions) == set(expected["dimensions"])
    for dim_id, want in expected["dimensions"].items():
        got = dimensions[dim_id]
        assert got["members"] == want["members"], dim_id
        assert got["agreement"] == want["agreement"], dim_id
        assert got["rounded"] == want["rounded"], dim_id
        for key in ("mean", "min", "max", "sd"):
            assert close(got[key], want[key]), (dim_id, key, got[key], want[key])
    talk = [[t["question"], t["spread"], t["answers"]] for t in result["talk_first"]]
    assert [t[0] for t in talk] == [t[0] for t in expected["talk_first"]]
    for got, want in zip(talk, expected["talk_first"], strict=True):
        assert close(got[1], want[1]) and got[2] == want[2], (got, want)
    assert len(result["excluded"]) == expected["excluded"]


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["name"])
def test_python_passes_the_team_vectors(vector):
    """playbook team computes exactly the hand-worked figures of each vector."""
    members = [
        Member(m["answers"], m["exported_at"], m.get("respondent", ""), m.get("team", ""), f"m{i}")
        for i, m in enumerate(vector["members"])
    ]
    result = aggregate(vector_assessment(vector["assessment"]), members)
    check(result.to_dict(), vector["expected"])


def test_population_sd_divides_by_the_count():
    """The team is the whole population: 0 and 10 spread by 5, not by the sample's 7.07."""
    assert population_sd([0.0, 10.0]) == 5.0
    assert population_sd([42.0]) == 0.0


def test_a_team_export_follows_the_export_schema():
    """The team view's JSON export is a valid export of kind "team", members and figures included."""
    from playbook.data.schemas import load_schemas
    from playbook.tools.team import team_export

    vector = VECTORS["vectors"][0]
    assessment = vector_assessment(vector["assessment"])
    members = [
        Member(m["answers"], m["exported_at"], m.get("respondent", ""), "Comms", f"m{i}")
        for i, m in enumerate(vector["members"])
    ]
    doc = team_export(assessment, aggregate(assessment, members), "2026-02-01T10:00:00.000Z")
    validator = load_schemas(Path(__file__).parent.parent / "data" / "schema").validator(
        "export.schema.json"
    )
    assert [e.message for e in validator.iter_errors(doc)] == []
    assert [m["team"] for m in doc["data"]["members"]] == ["Comms"] * 3
    # A control character in a name is refused: names are printed on pages and in the CLI.
    doc["data"]["members"][0]["respondent"] = "Ana\x1b[31m"
    assert list(validator.iter_errors(doc))
