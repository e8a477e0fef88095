"""The scope in people's words, pure: keys shared by slugs and names, slugs from either, and
the scope line."""

from __future__ import annotations

import pytest

from practice.domain.scope import Scope, ScopeError
from practice.domain.scope_names import name_index, name_key, scope_line, with_slugs

TRACKS = name_index([("python-flask", "Python · Flask"), ("csharp-dotnet", "C# · .NET")])
TOPICS = name_index([("databases", "Databases")])


def test_slugs_and_names_share_a_key_whatever_the_case_and_punctuation():
    assert name_key("Python · Flask") == name_key("python-flask") == name_key("PYTHON FLASK")
    assert name_key("C# · .NET") != name_key("C++")


def test_names_become_slugs_once_each():
    scope = with_slugs(
        Scope(tracks=("Python · Flask", "python-flask"), topics=("DATABASES",)), TRACKS, TOPICS
    )
    assert scope.tracks == ("python-flask",) and scope.topics == ("databases",)
    assert with_slugs(Scope(tracks=("c# .net",)), TRACKS, TOPICS).tracks == ("csharp-dotnet",)


def test_an_unknown_name_names_itself_and_its_field():
    with pytest.raises(ScopeError) as refused:
        with_slugs(Scope(topics=("Knitting",)), TRACKS, TOPICS)
    assert refused.value.field == "topic" and "'Knitting'" in str(refused.value)


@pytest.mark.parametrize(
    ("scope", "line"),
    [
        (Scope(), "everything"),
        (
            Scope(tracks=("python-flask",), levels=("senior",), min_difficulty=5, max_difficulty=8),
            "Python · Flask · senior · difficulty 5–8",
        ),
        (Scope(min_difficulty=7), "difficulty 7 and up"),
        (Scope(max_difficulty=3, kinds=("design",)), "case studies · difficulty up to 3"),
        (Scope(min_difficulty=4, max_difficulty=4), "difficulty 4"),
        (Scope(path="go-services"), "Go services"),
        (Scope(set_id=3), "Friday warm-up"),
        (Scope(set_id=4), "a question set"),
    ],
)
def test_the_scope_line(scope, line):
    names = {("track", "python-flask"): "Python · Flask", ("path", "go-services"): "Go services"}
    names[("set", "3")] = "Friday warm-up"
    assert scope_line(scope, names) == line
