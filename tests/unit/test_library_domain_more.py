"""More of the library's pure parts: browse lines and previews, relaxing a difficulty range,
and the similarity score behind the near-duplicate warning."""

from __future__ import annotations

from practice.domain.browse import CodePreview, code_preview, error_line
from practice.domain.library import relaxations, without_difficulty
from practice.domain.markdown import render_markdown
from practice.domain.path_progress import CardFacts, current_module, module_progress
from practice.domain.scope import Scope
from practice.domain.similarity import content_words, jaccard


def test_an_error_without_a_message_shows_an_empty_line():
    assert error_line("") == ""
    assert error_line(None) == ""
    assert error_line("```text\n   \n```") == ""


def test_a_long_error_message_is_cut_to_200_characters():
    assert error_line("E" * 300) == "E" * 200


TRACEBACK = """```text
Traceback (most recent call last):
  File "/app/views.py", line 12, in show
    user = session["user_id"]
  ...
KeyError: 'user_id'
```"""


def test_a_traceback_shows_its_final_exception_line():
    assert error_line(TRACEBACK) == "KeyError: 'user_id'"


def test_a_wrapped_exception_message_is_joined_and_what_follows_it_left_out():
    text = (
        'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n'
        "RuntimeError: Expected all tensors on one device, found\ncuda:0 and cpu!\n"
        "\tnote: an indented remark\nfield_name\n  Field required"
    )
    assert (
        error_line(text)
        == "RuntimeError: Expected all tensors on one device, found cuda:0 and cpu!"
    )


def test_a_chained_traceback_shows_the_exception_it_ends_in():
    text = TRACEBACK.replace(
        "KeyError: 'user_id'\n```",
        "KeyError: 'user_id'\n\nDuring handling of the above exception, another exception "
        'occurred:\n\nTraceback (most recent call last):\n  File "app.py", line 3\n'
        "LookupError: no user\n```",
    )
    assert error_line(text) == "LookupError: no user"


def test_a_traceback_after_a_command_or_on_a_log_line_is_found():
    text = "$ python manage.py migrate\n  Applying 0042...Traceback (most recent call last):\n"
    text += "  ...\npsycopg.errors.ActiveSqlTransaction: CREATE INDEX CONCURRENTLY fails\n"
    assert (
        error_line(text) == "psycopg.errors.ActiveSqlTransaction: CREATE INDEX CONCURRENTLY fails"
    )


def test_prompts_comments_and_rules_are_not_the_error_line():
    assert error_line("```text\n-- PostgreSQL\nERROR:  deadlock detected\n```") == (
        "ERROR:  deadlock detected"
    )
    assert error_line("$ kubectl get pods\nCrashLoopBackOff") == "CrashLoopBackOff"
    assert error_line("*****\nAPPLICATION FAILED TO START\n*****") == "APPLICATION FAILED TO START"
    assert error_line("# example.com/notify\n./main.go:15:7: cannot use e") == (
        "./main.go:15:7: cannot use e"
    )


def test_a_code_preview_keeps_the_code_as_written():
    code = "```python\n\n    indented()\nvalue = MAX  \n```"
    assert code_preview(code, lines=3) == CodePreview(code, 0)
    assert code_preview("```text\nSIZE = 3\nMAX\n```").markdown == "```text\nSIZE = 3\nMAX\n```"


def test_a_code_preview_of_exactly_the_limit_leaves_nothing_out():
    code = "```go\na\nb\nc\n```"
    assert code_preview(code, lines=3) == CodePreview(code, 0)
    assert code_preview(code, lines=2) == CodePreview("```go\na\nb\n```", 1)


def test_a_cut_code_preview_keeps_the_ellipsis_out_of_the_code():
    """Inside the code a highlighter would lex "…" as an error token (drawn red)."""
    code = "```python\n" + "\n".join(f"x{n} = {n}" for n in range(12)) + "\n```"
    preview = code_preview(code)
    assert preview.more_lines == 4 and "…" not in preview.markdown
    assert 'class="tok-err"' not in render_markdown(preview.markdown)


def test_dropping_the_difficulty_drops_both_ends_of_the_range():
    scope = Scope(levels=("mid",), min_difficulty=3, max_difficulty=7)
    assert without_difficulty(scope) == Scope(levels=("mid",))
    [(_, by_level), (label, by_difficulty)] = relaxations(scope)
    assert label == "difficulty 3–7" and by_difficulty == Scope(levels=("mid",))
    assert by_level == Scope(min_difficulty=3, max_difficulty=7)


def test_jaccard_is_the_share_of_words_in_common():
    cache = content_words("How does a cache expire keys?")
    assert jaccard(cache, cache) == 1.0
    assert jaccard(cache, content_words("Why shard a database?")) == 0.0
    assert jaccard(frozenset({"a", "b"}), frozenset({"b", "c"})) == 1 / 3
    assert jaccard(frozenset(), frozenset()) == 1.0
    assert jaccard(cache, frozenset()) == 0.0 and jaccard(frozenset(), cache) == 0.0


def test_when_every_module_is_learned_the_last_one_is_current():
    cards = {1: CardFacts(True, 2.0), 2: CardFacts(True, 30.0), 3: CardFacts(True, 21.0)}
    modules = [module_progress(title, (n,), cards) for n, title in enumerate("ABC", 1)]
    assert all(module.complete for module in modules)
    assert current_module(modules) == 2
    assert [module.mature for module in modules] == [0, 1, 1]


def test_a_module_gets_its_share_of_the_path_hours_and_reads_as_people_say_it():
    from practice.domain.path_progress import duration_label, module_minutes

    assert module_minutes(2.0, 5, 20) == 30
    assert module_minutes(0.1, 1, 100) == 1  # never "0 min" for a module with items
    assert module_minutes(2.0, 0, 20) == module_minutes(2.0, 5, 0) == 0
    assert [duration_label(m) for m in (45, 60, 200)] == ["45 min", "1 h", "3 h 20 min"]


def test_the_current_module_passes_over_one_left_with_only_suspended_items():
    cards = {1: CardFacts(True, 2.0), 2: CardFacts(False, None, suspended=True)}
    held = module_progress("Held", (1, 2), cards)
    assert (held.learned, held.suspended, held.complete, held.studyable) == (1, 1, False, False)
    nxt = module_progress("Next", (3,), cards)
    assert current_module([held, nxt]) == 1
    reviewed_then_suspended = {2: CardFacts(True, 5.0, suspended=True)}
    assert module_progress("M", (2,), reviewed_then_suspended).suspended == 0
