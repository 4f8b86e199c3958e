"""The cheap first pass: module-level facts from the top-level statements only.

No function body is entered. What it gathers:
- the module scope's bindings (imports, assignments, defs, classes, also inside top-level
  `if`/`try`/`with`/`for` blocks) and star imports;
- `module_calls`: every call written outside a function body (decorators, parameter
  annotations and defaults, class bases, module-level statements). The framework model reads
  `Depends(f)`, `FastAPI(lifespan=...)`, `on_startup=[...]`, `add_event_handler(...)`,
  `add_api_route(...)` from these.

Keeping this pass separate from the detector pass is deliberate: when analysis is later
restricted to the top-level statements a diff touches, these facts still cover the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from agentreview.analysis.resolver import BindingCollector, BindingKind, Bindings
from agentreview.analysis.traversal import children


@dataclass(slots=True)
class ModuleFacts:
    bindings: Bindings
    star_imports: list[str]
    module_calls: list[cst.Call]
    follow_walrus: bool
    top_level_defs: dict[str, list[cst.FunctionDef]] = field(default_factory=dict)
    top_level_classes: dict[str, list[cst.ClassDef]] = field(default_factory=dict)

    def imported_modules(self) -> set[str]:
        """Qualified names of everything imported at module level."""
        return {
            binding.target
            for bindings in self.bindings.values()
            for binding in bindings
            if binding.kind is BindingKind.IMPORT and binding.target is not None
        }

    def imports_from(self, package: str) -> bool:
        """Whether the module imports `package` or anything inside it (at module level)."""
        prefix = package + "."
        return any(
            target == package or target.startswith(prefix) for target in self.imported_modules()
        ) or any(star == package or star.startswith(prefix) for star in self.star_imports)

    def only_def(self, name: str) -> cst.FunctionDef | None:
        """The module-level function `name` if that is its only module-level binding."""
        bindings = self.bindings.get(name, [])
        if len(bindings) == 1 and bindings[0].kind is BindingKind.DEF:
            node = bindings[0].node
            return node if isinstance(node, cst.FunctionDef) else None
        return None

    def only_class(self, name: str) -> cst.ClassDef | None:
        bindings = self.bindings.get(name, [])
        if len(bindings) == 1 and bindings[0].kind is BindingKind.CLASS:
            node = bindings[0].node
            return node if isinstance(node, cst.ClassDef) else None
        return None


def _calls_outside_bodies(statement: cst.CSTNode) -> Iterator[cst.Call]:
    """Calls in `statement` outside function bodies and lambdas (decorators, signatures,
    class bodies and module-level code included)."""
    stack: list[cst.CSTNode] = [statement]
    while stack:
        node = stack.pop()
        # Exact types (libcst does not subclass these): an isinstance per node of the file
        # goes through ABCMeta, which this loop, run on every module, cannot afford.
        kind = type(node)
        if kind is cst.Call:
            yield cast(cst.Call, node)
        elif kind is cst.Lambda:
            continue
        elif kind is cst.FunctionDef:
            function = cast(cst.FunctionDef, node)
            parts: list[cst.CSTNode] = [*function.decorators, function.params]
            if function.returns is not None:
                parts.append(function.returns)
            stack.extend(reversed(parts))
            continue
        stack.extend(reversed(children(node)))


def collect_module_facts(module: cst.Module, source: str) -> ModuleFacts:
    follow_walrus = ":=" in source
    collector = BindingCollector(follow_walrus=follow_walrus)
    collector.statements(module.body)
    calls = [call for statement in module.body for call in _calls_outside_bodies(statement)]
    facts = ModuleFacts(
        bindings=collector.bindings,
        star_imports=collector.star_import_modules,
        module_calls=calls,
        follow_walrus=follow_walrus,
    )
    for name, bindings in collector.bindings.items():
        for binding in bindings:
            if binding.kind is BindingKind.DEF and isinstance(binding.node, cst.FunctionDef):
                facts.top_level_defs.setdefault(name, []).append(binding.node)
            elif binding.kind is BindingKind.CLASS and isinstance(binding.node, cst.ClassDef):
                facts.top_level_classes.setdefault(name, []).append(binding.node)
    return facts
