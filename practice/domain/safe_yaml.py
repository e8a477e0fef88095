"""YAML reading that refuses aliases, deep nesting and huge documents, and keeps line numbers."""

from __future__ import annotations

from typing import Any

import yaml

try:  # libyaml is bundled with PyYAML's wheels; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_SCALARS = yaml.constructor.SafeConstructor()
MAX_DEPTH = 12
MAX_NODES = 20_000


class YamlProblem(Exception):
    """A YAML document that cannot be used, with the 1-based line where it went wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class LinedDict(dict[str, Any]):
    """A mapping that remembers the 1-based line of each key."""

    lines: dict[str, int]


class LinedList(list[Any]):
    """A sequence that remembers the 1-based line of each element."""

    lines: list[int]


def load_yaml(text: str, first_line: int = 1) -> Any:
    """Parse one YAML document into plain values (LinedDict / LinedList / scalars).

    Args:
        text: the document.
        first_line: the file line on which ``text`` starts, for messages.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlProblem(line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"invalid YAML: {exc}") from None
    if node is None:
        return None
    return _Builder(first_line).build(node, 0)


class _Builder:
    """Turns composed nodes into values, rejecting aliases (the YAML-bomb vector)."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.seen: set[int] = set()

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, depth: int) -> Any:
        if id(node) in self.seen:
            raise YamlProblem(
                self.line(node), "YAML anchors and aliases (&name, *name) are not allowed"
            )
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            raise YamlProblem(self.line(node), f"YAML document has more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise YamlProblem(self.line(node), f"YAML nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.ScalarNode):
            construct = _SCALARS.yaml_constructors.get(node.tag)
            if construct is None:
                raise YamlProblem(self.line(node), f"unsupported YAML tag {node.tag}")
            try:
                return construct(_SCALARS, node)
            except (yaml.YAMLError, ValueError) as exc:
                raise YamlProblem(self.line(node), f"invalid YAML value: {exc}") from None
        if isinstance(node, yaml.SequenceNode):
            values = LinedList(self.build(child, depth + 1) for child in node.value)
            values.lines = [self.line(child) for child in node.value]
            return values
        mapping = LinedDict()
        mapping.lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(self.line(key_node), "YAML keys must be plain words")
            key = str(key_node.value)
            if key in mapping:
                raise YamlProblem(self.line(key_node), f"duplicate key '{key}'")
            mapping[key] = self.build(value_node, depth + 1)
            mapping.lines[key] = self.line(key_node)
        return mapping
