"""Each reveal button says what it reveals: a stage of several sections names every one."""

from __future__ import annotations

import pytest

from practice.domain.stages import STAGES, next_button


def named(section: str) -> str:
    return section.lower().removeprefix("common ")


@pytest.mark.parametrize("layout", sorted(STAGES))
def test_a_reveal_label_names_every_section_of_a_stage_of_several(layout):
    for stage, sections in enumerate(STAGES[layout]):
        label = next_button(layout, stage).lower()
        if len(sections) > 1:
            assert all(named(section) in label for section in sections), (layout, label)


def test_the_question_third_stage_names_the_production_scenario():
    assert next_button("question", 2) == "Real world, mistakes and production scenario"
    assert next_button("question", 4) is None
