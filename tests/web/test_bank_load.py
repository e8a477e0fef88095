"""`flask bank load`: all or nothing, idempotent, updates, retires, never touches history."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from practice.extensions import db
from practice.models import CardState, Item, LearningPath, ReviewLog, Topic, Track, User
from tests.helpers.bank_factory import ZipfWriter, write_item


def load(runner, folder, *extra):
    return runner.invoke(args=["bank", "load", str(folder), *extra])


def items_by_id(app) -> dict[str, Item]:
    with app.app_context():
        return {i.external_id: i for i in db.session.scalars(select(Item))}


def add_history(app, external_id: str) -> None:
    """A user with a card state and one review of the item."""
    with app.app_context():
        item = db.session.scalar(select(Item).where(Item.external_id == external_id))
        user = User(email="ada@example.com", display_name="Ada")
        db.session.add(user)
        db.session.flush()
        when = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
        db.session.add(
            CardState(
                user_id=user.id,
                item_id=item.id,
                state=2,
                stability=12.5,
                difficulty=5.1,
                due=when,
                last_review=when,
                reps=3,
            )
        )
        db.session.add(
            ReviewLog(
                user_id=user.id,
                item_id=item.id,
                rating=3,
                reviewed_at=when,
                state_after={"stability": 12.5},
                client_token="t-1",
            )
        )
        db.session.commit()


def history_counts(app) -> tuple[int, int]:
    with app.app_context():
        cards = db.session.scalar(select(func.count(CardState.id)))
        reviews = db.session.scalar(select(func.count(ReviewLog.id)))
        return cards, reviews


def test_first_load_adds_everything_and_prints_a_summary(app, runner, small_bank):
    result = load(runner, small_bank)
    assert result.exit_code == 0, result.output
    assert " question: 2 added, 0 updated, 0 unchanged, 0 retired" in result.output
    assert "     path: 1 added" in result.output
    assert "    total: 7 added, 0 updated, 0 unchanged, 0 retired" in result.output
    items = items_by_id(app)
    assert set(items) == {
        "PY-MD-001",
        "PY-JR-001",
        "PY-ERR-001",
        "PY-SNP-001",
        "SD-CASE-001",
        "SEC-TOPIC-001",
    }
    with app.app_context():
        item = db.session.scalar(select(Item).where(Item.external_id == "PY-MD-001"))
        assert [t.slug for t in item.topics] == ["databases"]
        assert item.track.slug == "python" and item.sections[0][0] == "Answer"
        assert item.created_at.tzinfo is not None
        assert db.session.scalar(select(func.count(Track.id))) == 4
        assert db.session.scalar(select(func.count(Topic.id))) == 3


def test_second_load_changes_nothing(app, runner, small_bank):
    load(runner, small_bank)
    before = {k: (v.updated_at, v.content_hash) for k, v in items_by_id(app).items()}
    result = load(runner, small_bank)
    assert "    total: 0 added, 0 updated, 7 unchanged, 0 retired" in result.output
    after = {k: (v.updated_at, v.content_hash) for k, v in items_by_id(app).items()}
    assert after == before


def test_edit_updates_only_the_edited_item(app, runner, small_bank):
    load(runner, small_bank)
    path = small_bank / "questions/python/PY-MD-001.md"
    path.write_text(path.read_text().replace("topics: [databases]", "topics: [caching, testing]"))
    result = load(runner, small_bank)
    assert " question: 0 added, 1 updated, 1 unchanged" in result.output
    with app.app_context():
        item = db.session.scalar(select(Item).where(Item.external_id == "PY-MD-001"))
        assert [t.slug for t in item.topics] == ["caching", "testing"]


def test_removed_file_retires_the_item_and_keeps_its_history(app, runner, small_bank):
    load(runner, small_bank)
    add_history(app, "PY-MD-001")
    path = small_bank / "questions/python/PY-MD-001.md"
    saved = path.read_text()
    path.unlink()
    result = load(runner, small_bank)
    assert " question: 0 added, 0 updated, 1 unchanged, 1 retired" in result.output
    assert items_by_id(app)["PY-MD-001"].retired is True
    assert history_counts(app) == (1, 1)

    path.write_text(saved)
    result = load(runner, small_bank)
    assert " question: 0 added, 1 updated, 1 unchanged, 0 retired" in result.output
    item = items_by_id(app)["PY-MD-001"]
    assert item.retired is False
    assert history_counts(app) == (1, 1)
    with app.app_context():
        card = db.session.scalar(select(CardState))
        assert card.item_id == item.id and card.stability == 12.5


def test_another_source_does_not_retire_the_bundled_bank(app, runner, small_bank, tmp_path):
    load(runner, small_bank)
    other = tmp_path / "mentor-bank"
    (other / "questions/python").mkdir(parents=True)
    for name in ("tracks.yaml", "topics.yaml"):
        (other / name).write_text((small_bank / name).read_text())
    write_item(other, "PY-SR-900", "When is a covering index worth its write cost?", level="senior")
    result = load(runner, other)
    assert "    total: 1 added, 0 updated, 0 unchanged, 0 retired" in result.output
    assert not any(item.retired for item in items_by_id(app).values())


def test_bank_with_errors_loads_nothing(app, runner, small_bank):
    load(runner, small_bank)
    before = {k: v.content_hash for k, v in items_by_id(app).items()}
    good = small_bank / "questions/python/PY-JR-001.md"
    good.write_text(good.read_text().replace("It keeps data", "It holds data"))
    bad = small_bank / "errors/python/PY-ERR-001.md"
    bad.write_text(bad.read_text().replace("track: python", "track: fortran"))
    result = load(runner, small_bank)
    assert result.exit_code == 1
    assert "errors/python/PY-ERR-001.md:4: error: unknown track 'fortran'" in result.output
    assert "the bank has errors; nothing was loaded" in result.output
    assert {k: v.content_hash for k, v in items_by_id(app).items()} == before


def test_failure_inside_the_transaction_rolls_everything_back(app, runner, small_bank):
    tracks = small_bank / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("code: GO", "code: PY"))
    result = load(runner, small_bank)
    assert result.exit_code == 1
    assert "error: duplicate code 'PY'" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Track.id))) == 0
        assert db.session.scalar(select(func.count(Item.id))) == 0


def test_removed_path_is_retired(app, runner, small_bank):
    load(runner, small_bank)
    (small_bank / "paths/python-basics.yaml").unlink()
    result = load(runner, small_bank)
    assert "     path: 0 added, 0 updated, 0 unchanged, 1 retired" in result.output
    with app.app_context():
        assert db.session.scalar(select(LearningPath.retired)) is True


def test_check_command_exits_non_zero_with_every_problem(runner, small_bank):
    path = small_bank / "questions/python/PY-MD-001.md"
    path.write_text(path.read_text().replace("difficulty: 4", "difficulty: 10"))
    (small_bank / "questions/python/PY-JR-001.md").write_bytes(b"\xff\xfe")
    result = runner.invoke(args=["bank", "check", str(small_bank)])
    assert result.exit_code == 1
    assert "PY-MD-001.md:6: warning: difficulty 10 does not fit level mid (3..6)" in result.output
    assert "PY-JR-001.md: error: not UTF-8 text (byte 0xff at offset 0)" in result.output
    assert "2 errors, 1 warnings" in result.output  # the path names the broken item


def test_clean_bank_checks_ok(runner, small_bank):
    result = runner.invoke(args=["bank", "check", str(small_bank)])
    assert result.exit_code == 0
    assert "6 items, 1 paths, 4 tracks, 3 topics; 0 errors, 0 warnings" in result.output


def test_missing_and_empty_folders_get_one_line(runner, tmp_path):
    result = runner.invoke(args=["bank", "load", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: bank folder '{tmp_path / 'nope'}' does not exist"
    (tmp_path / "empty").mkdir()
    result = runner.invoke(args=["bank", "check", str(tmp_path / "empty")])
    assert result.output.strip().startswith("Error: ") and "holds no bank" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_check_names_near_duplicates_and_load_leaves_them_to_check(app, runner, small_bank):
    sections = ZipfWriter(seed=31).question_sections()
    title = "How do you find and fix a memory leak in a long-running {} service?"
    write_item(small_bank, "PY-SR-031", title.format("Python"), level="senior", sections=sections)
    write_item(
        small_bank, "GO-SR-031", title.format("Go"), track="go", level="senior", sections=sections
    )
    result = runner.invoke(args=["bank", "check", str(small_bank)])
    assert result.exit_code == 0  # listed for a person to judge; --strict fails on it
    assert (
        "questions/python/PY-SR-031.md:8: review: near-duplicate of GO-SR-031 "
        "(questions/go/GO-SR-031.md): similarity 1.00"
    ) in result.output
    assert "0 errors, 0 warnings, 1 near-duplicate pairs to review" in result.output
    assert runner.invoke(args=["bank", "check", "--strict", str(small_bank)]).exit_code == 1
    result = load(runner, small_bank)
    assert result.exit_code == 0 and "near-duplicate" not in result.output
    assert " question: 4 added" in result.output


def test_the_contributor_guide_is_neither_checked_nor_loaded(app, runner, small_bank):
    guide = Path(__file__).resolve().parents[2] / "content" / "CONTRIBUTING.md"
    shutil.copy(guide, small_bank / "CONTRIBUTING.md")
    result = runner.invoke(args=["bank", "check", str(small_bank)])
    assert result.exit_code == 0, result.output
    assert "6 items, 1 paths, 4 tracks, 3 topics; 0 errors, 0 warnings" in result.output
    assert (
        "    total: 7 added, 0 updated, 0 unchanged, 0 retired" in load(runner, small_bank).output
    )
